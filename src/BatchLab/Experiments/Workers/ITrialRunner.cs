namespace BatchLab.Experiments.Workers;

/// <summary>
/// Runs one claimed trial to an end and reports that end to the store: the step of a worker's
/// loop that a different execution strategy (e.g. several compatible trials trained together)
/// replaces. The runner owns the claim until it returns: it keeps the lease alive, writes
/// only under it, and on <c>stop</c> checkpoints and gives the trial back.
/// </summary>
public interface ITrialRunner
{
    TrialOutcome Run(Trial trial, CancellationToken stop);
}
