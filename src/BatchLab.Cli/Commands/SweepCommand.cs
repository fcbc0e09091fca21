using System.CommandLine;
using System.Globalization;
using BatchLab.Experiments;
using BatchLab.Experiments.Results;
using BatchLab.Experiments.Sweeps;
using BatchLab.Storage;

namespace BatchLab.Cli.Commands;

/// <summary>
/// `batchlab sweep`: queues one trial per point of a batch × learning-rate × seed grid in a
/// study and, unless --workers 0, trains them with local worker processes. Rerunning the same
/// command resumes the study: finished trials stay finished, and nothing is queued twice.
/// </summary>
public static class SweepCommand
{
    static readonly Option<string?> Name = new("--name") { Description = "Study name; rerun the same command to resume the study" };
    static readonly Option<string?> SpecFile = new("--spec") { Description = "Sweep spec JSON file (base run and grid, see README) instead of the run and grid options" };
    static readonly Option<bool> Extend = new("--extend") { Description = "Add the new points of a changed grid to an existing study (only adds values to its axes)" };
    static readonly Option<int> Workers = new("--workers") { Description = "Local worker processes to start; 0 = only queue the trials (run `batchlab worker` anywhere)", DefaultValueFactory = _ => 1 };
    static readonly Option<int?> Threads = new("--threads") { Description = "Torch threads per worker (default: cores / workers, at least 1)" };
    static readonly Option<string?> CheckpointEvery = new("--checkpoint-every") { Description = "Workers' checkpoint interval: 500 (updates), 1ep, 100000s; default each epoch and each minute" };
    static readonly Option<string> Data = new("--data") { Description = "Data set name (see `batchlab data list`)", DefaultValueFactory = _ => "mnist" };

    static readonly Option<string?> Batch = new("--batch") { Description = GridHelp };
    static readonly Option<string?> Lr = new("--lr") { Description = "η per update, in grid syntax: 0.05,0.1 or 2^-6..2^-1 (default 0.1)" };
    static readonly Option<string?> BaseLr = new("--base-lr") { Description = "η̃ per sample (η = B·η̃, Masters & Luschi), in grid syntax: 2^-12..2^0:2" };
    static readonly Option<string?> Momentum = new("--momentum") { Description = "SGD momentum μ, in grid syntax: 0,0.9" };
    static readonly Option<string?> Seeds = new("--seeds") { Description = "Seeds: N = seeds 0..N-1, or a list in grid syntax (3,7,11); replaces --seed" };

    // The grid options' syntax, shown once under --batch (the command's own description also
    // appears in the root command list, so it stays one line).
    const string GridHelp = """
        B values (samples per update; full = the whole training set). Grid syntax, for every grid option:
          1,2,4,full          a comma list
          2^-12..2^0          every power of two from 2^-12 to 2^0; 2^-12..2^0:2 every second one
          1,2,4,...,1024      the progression the first terms start (constant ratio; two terms:
                              constant difference, so 1,2,...,10 is 1 to 10), through the last term
          1,2,4,...,1024,full items mix
        The grid is the product of --batch, --lr or --base-lr, --momentum and --seeds.
        """;

    static Option[] Grid => [Batch, Lr, BaseLr, Momentum, Seeds];

    /// <summary>The base run's options: every training option but those the grid replaces.</summary>
    static Option[] BaseRun =>
    [
        Data, DataArguments.DataDir, DataArguments.Validation, DataArguments.TrainSubset, DataArguments.TestSubset,
        .. TrainArguments.All.Except([TrainArguments.Batch, TrainArguments.Lr, TrainArguments.BaseLr, TrainArguments.Momentum]),
    ];

    public static Command Create()
    {
        var command = new Command("sweep", Description)
        {
            Name, SpecFile, Extend, StoreArguments.Store, Workers, Threads, StoreArguments.Lease, CheckpointEvery,
        };
        foreach (var option in Grid.Concat(BaseRun))
        {
            command.Options.Add(option);
        }

        command.SetAction(Run);
        return command;
    }

    const string Description =
        "Train every point of a grid of batch sizes, learning rates and seeds as one study; rerun to resume (see --batch for the grid syntax)";

    static int Run(ParseResult parse)
    {
        var (name, spec) = Spec(parse);
        var workers = parse.GetValue(Workers);
        if (workers < 0)
        {
            throw new BatchLabException($"--workers must be 0 (queue only) or more, got {workers}");
        }

        var clock = System.Diagnostics.Stopwatch.StartNew();
        using var store = StoreArguments.Open(parse);
        var submission = SweepSubmission.Submit(store, name, spec, parse.GetValue(Extend));
        var counts = store.Counts(name);
        Output.Log(string.Create(CultureInfo.InvariantCulture,
            $"study {name} in {store.Location}: {submission.Points} points ({spec}), {submission.Added} newly queued, {counts.Finished} already finished"));

        var exit = ExitCodes.Ok;
        if (workers > 0 && counts.Queued + counts.Running > 0)
        {
            exit = RunWorkers(parse, store, name, workers);
            counts = store.Counts(name);
        }

        var result = new SweepResult(name, store.Location, submission.Points, submission.Added, workers, counts, clock.Elapsed.TotalSeconds);
        if (parse.GetValue(CommonOptions.Json))
        {
            Output.Json(result);
        }
        else
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"study {name}: {counts.Total} trials: {counts.Complete} complete, {counts.Diverged} diverged, {counts.Failed} failed, {counts.Cancelled} cancelled, {counts.Running} running, {counts.Queued} queued"));
            Console.WriteLine($"see `batchlab status --study {name}` and `batchlab export --study {name} --format csv`");
        }

        if (exit == ExitCodes.Ok && workers > 0 && counts.Queued + counts.Running > 0)
        {
            Output.Log("batchlab: the workers stopped before every trial finished; rerun the same command to resume");
            exit = ExitCodes.Failure;
        }

        return exit;
    }

    static int RunWorkers(ParseResult parse, IExperimentStore store, string name, int workers)
    {
        var threads = parse.GetValue(Threads) ?? Math.Max(1, Environment.ProcessorCount / workers);
        List<string> arguments = ["worker", "--study", name, "--lease", parse.GetValue(StoreArguments.Lease)!, "--threads", threads.ToString(CultureInfo.InvariantCulture)];
        if (parse.GetValue(CheckpointEvery) is { } every)
        {
            arguments.AddRange(["--checkpoint-every", every]);
        }

        // The store travels in the environment: a PostgreSQL password stays out of `ps`.
        var environment = new Dictionary<string, string> { [StoreArguments.Variable] = StoreArguments.Location(parse) ?? ExperimentStores.DefaultStore };
        Output.Log($"starting {workers} worker processes with {threads} torch threads each");
        var progress = new SweepProgress();
        using var interruption = new Interruption();
        using var pool = LocalWorkers.Start(workers, arguments, environment, progress.WorkerLine);
        var stopping = false;
        while (!pool.WaitForExit(TimeSpan.FromSeconds(1)))
        {
            if (interruption.Token.IsCancellationRequested && !stopping)
            {
                // Ctrl+C reaches the workers from the terminal too; SIGTERM to the sweep alone does not.
                pool.Terminate();
                stopping = true;
            }

            progress.Show(StudyProgress.Of(name, store.TrialsOf(name), DateTimeOffset.UtcNow, pool.Alive), pool.Alive);
        }

        progress.Show(StudyProgress.Of(name, store.TrialsOf(name), DateTimeOffset.UtcNow, 0), 0);
        progress.Finish();
        if (interruption.Token.IsCancellationRequested)
        {
            return ExitCodes.Interrupted;
        }

        return pool.ExitCodes.All(code => code == ExitCodes.Ok) ? ExitCodes.Ok : ExitCodes.Failure;
    }

    /// <summary>The study name and sweep spec from --spec FILE, or from the run and grid options.</summary>
    static (string Name, SweepSpec Spec) Spec(ParseResult parse)
    {
        if (parse.GetValue(SpecFile) is { } path)
        {
            if (Grid.Concat(BaseRun).FirstOrDefault(o => parse.GetResult(o) is { Implicit: false }) is { } given)
            {
                throw new BatchLabException($"--spec {path} defines the run and the grid; drop {given.Name}, or edit the file");
            }

            var text = File.Exists(path) ? File.ReadAllText(path) : throw new BatchLabException($"--spec: no file '{path}'");
            var (fileName, fileSpec) = SweepSpecJson.Read(text, path);
            return (parse.GetValue(Name) ?? fileName ?? throw new BatchLabException($"name the study with --name or \"name\" in {path}"), fileSpec);
        }

        var name = parse.GetValue(Name) ?? throw new BatchLabException("name the study with --name NAME (rerun with the same name to resume it)");
        var data = parse.GetValue(DataArguments.DataDir) is { } dir ? "dir:" + Path.GetFullPath(dir) : parse.GetValue(Data)!;
        var run = new RunSpec(data, DataArguments.Options(parse), parse.GetValue(TrainArguments.Model)!, TrainArguments.Options(parse));
        var axes = new List<GridAxis>();
        void Add(Option<string?> option, string axis)
        {
            if (parse.GetValue(option) is { } text)
            {
                axes.Add(axis == GridAxes.Seed.Name ? GridAxis.Seeds(text, option.Name) : GridAxis.Parse(axis, text, option.Name));
            }
        }

        Add(Batch, GridAxes.Batch.Name);
        Add(Lr, GridAxes.Lr.Name);
        Add(BaseLr, GridAxes.BaseLr.Name);
        Add(Momentum, GridAxes.Momentum.Name);
        Add(Seeds, GridAxes.Seed.Name);
        return (name, new SweepSpec(run, axes));
    }
}

/// <summary>`sweep --json`: the study, the grid's size, what was newly queued and the trials per state at the end.</summary>
public sealed record SweepResult(string Study, string Store, long Points, int Added, int Workers, TrialCounts Counts, double WallSeconds);
