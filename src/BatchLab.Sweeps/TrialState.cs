namespace BatchLab.Sweeps;

/// <summary>
/// Where a trial is in its life. Stored by name (upper case, as written here) so the database
/// reads the same to a person with a SQL prompt.
/// <code>
/// QUEUED ──claim──▶ RUNNING ──complete──▶ COMPLETE | DIVERGED | PRUNED
///   ▲                 │ ──fail (retry, attempts left)──▶ QUEUED
///   │                 │ ──fail (no retry / limit)──────▶ FAILED
///   └──lease expired, another worker claims (attempt + 1)
/// QUEUED | RUNNING ──cancel──▶ CANCELLED
/// </code>
/// </summary>
public enum TrialState
{
    /// <summary>Waiting for a worker.</summary>
    Queued,

    /// <summary>Held by the worker whose attempt is current (see IExperimentStore).</summary>
    Running,

    /// <summary>Trained to the end; final values stored. Final.</summary>
    Complete,

    /// <summary>Training blew up (non-finite loss or gradient). A result, never retried. Final.</summary>
    Diverged,

    /// <summary>Infrastructure failures used up the retry limit, or a failure was not retryable. Final.</summary>
    Failed,

    /// <summary>Cancelled by a user before it finished. Final.</summary>
    Cancelled,

    /// <summary>Stopped early because it was clearly not learning (see BatchLab.Training.Pruning); final values stored. A result, never retried, never "stable". Final.</summary>
    Pruned,
}

public static class TrialStates
{
    public static bool IsFinal(this TrialState state) => state is not (TrialState.Queued or TrialState.Running);

    /// <summary>The stored name: QUEUED, RUNNING, COMPLETE, DIVERGED, FAILED, CANCELLED, PRUNED.</summary>
    public static string ToName(this TrialState state) => state.ToString().ToUpperInvariant();

    public static TrialState Parse(string name) =>
        Enum.TryParse<TrialState>(name, ignoreCase: true, out var state) && Enum.IsDefined(state)
            ? state
            : throw new FormatException($"unknown trial state '{name}'");
}
