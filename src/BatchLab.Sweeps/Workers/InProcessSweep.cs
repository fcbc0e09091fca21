using BatchLab.Sweeps.Storage;

namespace BatchLab.Sweeps.Workers;

/// <summary>
/// Runs a study's trials with one worker in this process, fused where trials allow it
/// (<see cref="FusedTrialRunner"/>) or one at a time. Models and data sets registered in this
/// process (ModelCatalog.Register, DataCatalog.Register) are available to its trials, which
/// worker processes would not see.
/// </summary>
public sealed class InProcessSweep(TrialRunOptions? options = null, bool fuse = true, Action<string>? log = null) : ISweepExecutor
{
    public SweepEnd Run(IExperimentStore store, string study, CancellationToken cancel = default)
    {
        var identity = WorkerIdentity.Current();
        var runOptions = options ?? new TrialRunOptions();
        ITrialRunner runner = fuse ? new FusedTrialRunner(store, runOptions, identity, study, log) : new TrialRunner(store, runOptions);
        using (runner as IDisposable)
        {
            new Worker(store, runner, new WorkerOptions { Study = study, Identity = identity, Log = log ?? (_ => { }) }).Run(cancel);
        }

        var counts = store.Counts(study);
        return cancel.IsCancellationRequested ? SweepEnd.Interrupted
            : counts is not { Queued: 0, Running: 0 } ? SweepEnd.Failed
            : counts.Failed > 0 ? SweepEnd.TrialsFailed
            : SweepEnd.Finished;
    }
}
