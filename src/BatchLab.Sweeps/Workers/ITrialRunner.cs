namespace BatchLab.Sweeps.Workers;

/// <summary>
/// Runs one claimed trial to an end and reports that end to the store: the step of a worker's
/// loop that a different execution strategy (e.g. several compatible trials trained together)
/// replaces. The runner owns the claim until it returns: it keeps the lease alive, writes
/// only under it, and on <c>stop</c> checkpoints and gives the trial back. A runner may claim
/// more trials to run with the first (under the same rules); it returns every trial's outcome.
/// </summary>
public interface ITrialRunner
{
    IReadOnlyList<TrialOutcome> Run(Trial trial, CancellationToken stop);
}
