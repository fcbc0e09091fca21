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
    // One line: it is also the command's entry in `batchlab --help`.
    const string Description =
        "Train every point of a grid of batch sizes, learning rates and seeds as one study; rerun to resume (see --batch for the grid syntax)";

    static readonly Option<bool> Extend = new("--extend") { Description = "Add the new points of a changed grid to an existing study (only adds values to its axes)" };
    static readonly Option<int> Workers = new("--workers") { Description = "Local worker processes to start; 0 = only queue the trials (run `batchlab worker` anywhere)", DefaultValueFactory = _ => 1 };
    static readonly Option<int?> Threads = new("--threads") { Description = "Torch threads per worker (default: cores / workers, at least 1)" };
    static readonly Option<string?> CheckpointEvery = new("--checkpoint-every") { Description = "Workers' checkpoint interval: 500 (updates), 1ep, 100000s; default each epoch and each minute" };

    public static Command Create()
    {
        var command = new Command("sweep", Description)
        {
            SweepArguments.Name, SweepArguments.SpecFile, Extend, StoreArguments.Store, Workers, Threads, StoreArguments.Lease, CheckpointEvery,
        };
        SweepArguments.AddTo(command);
        command.SetAction(Run);
        return command;
    }

    static int Run(ParseResult parse)
    {
        var (name, spec) = SweepArguments.Spec(parse);
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
}

/// <summary>`sweep --json`: the study, the grid's size, what was newly queued and the trials per state at the end.</summary>
public sealed record SweepResult(string Study, string Store, long Points, int Added, int Workers, TrialCounts Counts, double WallSeconds);
