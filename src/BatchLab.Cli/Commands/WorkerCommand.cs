using System.CommandLine;
using System.Globalization;
using BatchLab.Cli.Progress;
using BatchLab.Runtime;
using BatchLab.Sweeps.Specs;
using BatchLab.Sweeps.Storage;
using BatchLab.Sweeps.Workers;
using BatchLab.Text;
using BatchLab.Training;

namespace BatchLab.Cli.Commands;

/// <summary>
/// `batchlab worker`: claims trials from a store and trains them until none remain. Start as
/// many as you like, on as many machines as share the store.
/// </summary>
public static class WorkerCommand
{
    static readonly Option<string?> Study = new("--study") { Description = "Only this study's trials (default: any study in the store)" };
    static readonly Option<bool> Wait = new("--wait") { Description = "Keep polling for new trials after every trial is finished (stop with Ctrl+C or SIGTERM)" };
    static readonly Option<int?> Threads = new Option<int?>("--threads") { Description = "Torch intra-op threads (default: all cores)" }.ThreadCount();
    static readonly Option<string?> CheckpointEvery = new("--checkpoint-every") { Description = "Checkpoint interval: 500 (updates), 1ep, 100000s; default each epoch and each minute" };
    // --log-every as in train (one name per meaning); the old --metrics-every still works.
    static readonly Option<long?> LogEvery = new Option<long?>("--log-every") { Description = "Store the mini-batch loss every N updates (default ~100 per epoch); evaluations are always stored" }.AtLeast(1, "updates between stored losses");
    static readonly Option<long?> OldMetricsEvery = OldName.For("--metrics-every", LogEvery).AtLeast(1, "updates between stored losses");
    static readonly Option<string?> Poll = new("--poll") { Description = "Pause between claims when no trial is claimable (default: a tenth of --lease, at most 2s)" };

    /// <summary>Set by a sweep that started this worker: progress goes to the sweep's view as <see cref="ProgressLine"/>s.</summary>
    public static readonly Option<bool> ReportProgress = new("--report-progress") { Hidden = true };

    public static readonly Option<string> Fuse = new("--fuse")
    {
        Description = "auto: train compatible trials (same data, model, B and schedule; any learning rate, seed, momentum) as one fused model, as many as fit in memory; off: one trial at a time",
        DefaultValueFactory = _ => "auto",
    };

    public static Command Create()
    {
        var command = new Command(
            "worker",
            "Claim queued trials from the store and train them until none remain; a trial whose worker died is taken over from its last checkpoint once its lease expires")
        {
            StoreArguments.Store, Study, StoreArguments.Lease, StoreArguments.OutageTimeout, Wait, Threads, CheckpointEvery, LogEvery, OldMetricsEvery, Poll, Fuse, ReportProgress,
        };
        command.SetAction(Run);
        return command;
    }

    static int Run(ParseResult parse)
    {
        var lease = StoreArguments.LeaseDuration(parse);
        var poll = parse.GetValue(Poll) is { } p ? TrainArguments.ParseTime(p, "--poll") : TimeSpan.FromSeconds(Math.Min(2, lease.TotalSeconds / 10));
        var checkpointEvery = parse.GetValue(CheckpointEvery) is { } every ? Duration.Parse(every) : (Duration?)null;
        TorchThreads.Set(parse.GetValue(Threads));

        var mode = parse.GetValue(ReportProgress) ? ProgressMode.Protocol : ProgressMode.Quiet;
        var verbose = parse.GetValue(CommonOptions.Verbose);
        using var interruption = new Interruption();
        var outage = StoreArguments.Outage(parse, lease);
        using var store = new ResilientStore(StoreArguments.OpenPatiently(parse, outage, interruption.Token), outage, Output.Log, interruption.Token);
        var study = parse.GetValue(Study) is { } name ? StoreArguments.StudyName(store, name) : null;
        var options = new WorkerOptions { Study = study, Wait = parse.GetValue(Wait), PollInterval = poll, Log = Output.Log };
        var runOptions = new TrialRunOptions
        {
            Lease = lease,
            StorePatience = outage.GiveUpAfter,
            CheckpointEvery = checkpointEvery,
            MetricsEvery = OldName.Value(parse, LogEvery, OldMetricsEvery),
            Data = DataArguments.Context(),
            Observers = trial => [new TrainingProgress(GridPoint.FromKey(trial.Key).Label, mode, verbose, trial.Number)],
        };
        Output.Log($"worker {options.Identity.WorkerId}: {store.Location}, study {Printable.Escape(study ?? "(any)")}, lease {lease.TotalSeconds:0.#}s");
        ITrialRunner runner = FuseArgument.Parse(parse.GetValue(Fuse)!)
            ? new FusedTrialRunner(store, runOptions, options.Identity, study, Output.Log)
            : new TrialRunner(store, runOptions);
        using var owned = (IDisposable)runner;
        var report = new Worker(store, runner, options).Run(interruption.Token);
        if (parse.GetValue(CommonOptions.Json))
        {
            Output.Json(report);
        }
        else
        {
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"worker {report.WorkerId}: {report.Complete} complete, {report.Diverged} diverged, {report.Failed} failed, {report.Requeued} requeued, {report.Released} released, {report.Abandoned} abandoned"));
        }

        if (interruption.Token.IsCancellationRequested)
        {
            return ExitCodes.Interrupted;
        }

        if (report.Failed > 0)
        {
            Output.Log($"worker {report.WorkerId}: {report.Failed} trials FAILED; `batchlab status` shows why, `batchlab retry --study NAME` queues them again");
            return ExitCodes.TrialsFailed;
        }

        return ExitCodes.Ok;
    }
}
