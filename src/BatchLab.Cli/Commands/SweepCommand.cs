using System.CommandLine;
using System.Globalization;
using BatchLab.Runs;
using BatchLab.Storage.Sql;
using BatchLab.Sweeps;
using BatchLab.Sweeps.Specs;
using BatchLab.Sweeps.Storage;

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
    static readonly Option<int?> Workers = new Option<int?>("--workers") { Description = "Local worker processes to start (default: one per core, each with one torch thread: independent trials use cores better than intra-op threads on small batches); 0 = only queue the trials (run `batchlab worker` anywhere)" }.WorkerCount(0);
    static readonly Option<int?> Threads = new Option<int?>("--threads") { Description = "Torch threads per worker (default: cores / workers, at least 1)" }.ThreadCount();
    static readonly Option<string?> CheckpointEvery = new("--checkpoint-every") { Description = "Workers' checkpoint interval: 500 (updates), 1ep, 100000s; default each epoch and each minute" };

    public static Command Create()
    {
        var command = new Command("sweep", Description)
        {
            SweepArguments.Name, SweepArguments.SpecFile, Extend, StoreArguments.Store, Workers, Threads, StoreArguments.Lease, StoreArguments.OutageTimeout, CheckpointEvery, WorkerCommand.Fuse,
        };
        SweepArguments.AddTo(command);
        command.SetAction(Run);
        return command;
    }

    static int Run(ParseResult parse)
    {
        var (name, spec) = SweepArguments.Spec(parse);
        StudyName.Check(name);
        spec.Validate();
        CheckWorkerOptions(parse);
        var workers = parse.GetValue(Workers) ?? Environment.ProcessorCount;
        if (workers > 0)
        {
            // Read the data once here, so that a sweep whose data cannot be read queues nothing.
            // With --workers 0 the workers elsewhere have the data; this machine need not.
            using var data = RunFactory.LoadData(spec.Base, DataArguments.Context());
            spec.Validate(data);
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
                $"study {name}: {counts.Total} trials: {counts.Complete} complete, {counts.Diverged} diverged, {counts.Pruned} pruned, {counts.Failed} failed, {counts.Cancelled} cancelled, {counts.Running} running, {counts.Queued} queued"));
            var hint = StoreHint.For(parse);
            Console.WriteLine($"see `batchlab status --study {name}{hint}` and `batchlab export --study {name}{hint} --format csv`");
        }

        if (exit == ExitCodes.Ok && workers > 0 && counts.Queued + counts.Running > 0)
        {
            Output.Log("batchlab: the workers stopped before every trial finished; rerun the same command to resume");
            exit = ExitCodes.Failure;
        }

        if (workers > 0 && counts.Failed > 0 && exit is ExitCodes.Ok or ExitCodes.TrialsFailed)
        {
            Output.Log($"batchlab: {counts.Failed} trials FAILED; `batchlab status --study {name}` shows why, `batchlab retry --study {name}` queues them again");
            exit = ExitCodes.TrialsFailed;
        }

        return exit;
    }

    /// <summary>
    /// What the workers will be given, checked before anything is queued: the workers would refuse
    /// it only once the study exists (and with --workers 0, never here at all).
    /// </summary>
    static void CheckWorkerOptions(ParseResult parse)
    {
        StoreArguments.Outage(parse, StoreArguments.LeaseDuration(parse)).Validate();
        FuseArgument.Parse(parse.GetValue(WorkerCommand.Fuse)!);
        if (parse.GetValue(CheckpointEvery) is { } every)
        {
            try
            {
                BatchLab.Training.Duration.Parse(every);
            }
            catch (BatchLabException e)
            {
                throw new BatchLabException($"{CheckpointEvery.Name}: {e.Message}");
            }
        }
    }

    static int RunWorkers(ParseResult parse, IExperimentStore store, string name, int workers) =>
        SweepExecution.RunWorkers(store, StoreArguments.Location(parse) ?? ExperimentStores.DefaultStore, name, workers,
            parse.GetValue(Threads), parse.GetValue(StoreArguments.Lease)!, parse.GetValue(CheckpointEvery), parse.GetValue(CommonOptions.Verbose),
            ["--fuse", FuseArgument.Parse(parse.GetValue(WorkerCommand.Fuse)!) ? "auto" : "off", StoreArguments.OutageTimeout.Name, parse.GetValue(StoreArguments.OutageTimeout)!]);
}

/// <summary>`sweep --json`: the study, the grid's size, what was newly queued and the trials per state at the end.</summary>
public sealed record SweepResult(string Study, string Store, long Points, int Added, int Workers, TrialCounts Counts, double WallSeconds);
