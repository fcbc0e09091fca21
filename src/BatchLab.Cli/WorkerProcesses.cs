using BatchLab.Sweeps.Results;
using BatchLab.Sweeps.Storage;
using BatchLab.Sweeps.Workers;

namespace BatchLab.Cli;

/// <summary>
/// The CLI's sweep executor: N local `batchlab worker` processes with one combined progress view
/// (<see cref="SweepExecution"/>), so a study's sweep uses every core and survives the death of
/// any one process.
/// </summary>
public sealed class WorkerProcesses(string storeLocation, int workers, int? threads, string lease, string? checkpointEvery, bool verbose = false, IReadOnlyList<string>? extra = null) : ISweepExecutor
{
    /// <summary>Seconds per update at each B, timed before the sweep: the progress view's ETA then holds from the first second.</summary>
    public StepCosts? Costs { get; init; }

    /// <summary>The study's overall progress, when a study runs these workers: told the trials each second, and shown instead of this sweep's own counts.</summary>
    public Studies.Progress.StudyProgressTracker? Progress { get; init; }

    public SweepEnd Run(IExperimentStore store, string study, CancellationToken cancel = default) =>
        SweepExecution.RunWorkers(store, storeLocation, study, workers, threads, lease, checkpointEvery, verbose, extra, Costs, Progress) switch
        {
            ExitCodes.Ok => SweepEnd.Finished,
            ExitCodes.Interrupted => SweepEnd.Interrupted,
            ExitCodes.TrialsFailed => SweepEnd.TrialsFailed,
            _ => SweepEnd.Failed,
        };
}
