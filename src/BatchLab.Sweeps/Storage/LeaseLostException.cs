namespace BatchLab.Sweeps.Storage;

/// <summary>
/// A write for an attempt that is no longer current (another worker claimed the trial after the
/// lease expired) or for a trial that is no longer RUNNING (cancelled, or already finished).
/// Nothing was written; the worker should abandon the trial.
/// </summary>
public sealed class LeaseLostException(TrialLease lease, int currentAttempt, TrialState? currentState)
    : Exception(Describe(lease, currentAttempt, currentState))
{
    public TrialLease Lease { get; } = lease;

    /// <summary>The trial's attempt number now (0 if the trial does not exist).</summary>
    public int CurrentAttempt { get; } = currentAttempt;

    /// <summary>The trial's state now (null if the trial does not exist).</summary>
    public TrialState? CurrentState { get; } = currentState;

    // Without the trial's id: the lines around this message name the trial by its number in the
    // study, and a second number would read as another trial.
    static string Describe(TrialLease lease, int attempt, TrialState? state) => state is null
        ? $"attempt {lease.Attempt} lost its lease: the trial no longer exists"
        : $"attempt {lease.Attempt} lost its lease: the trial is {state.Value.ToName()} at attempt {attempt}";
}
