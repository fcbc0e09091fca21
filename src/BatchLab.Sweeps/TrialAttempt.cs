namespace BatchLab.Sweeps;

/// <summary>Who runs a claim: a worker id (unique per worker), its host and process id.</summary>
public sealed record WorkerIdentity(string WorkerId, string Host, int Pid)
{
    /// <summary>This process, with a fresh worker id (host:pid:random), unique across machines.</summary>
    public static WorkerIdentity Current() => Current($"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..8]}");

    public static WorkerIdentity Current(string workerId) => new(workerId, Environment.MachineName, Environment.ProcessId);
}

/// <summary>How one attempt ended; null in <see cref="TrialAttempt.Outcome"/> while it runs.</summary>
public enum AttemptOutcome
{
    Complete,
    Diverged,

    /// <summary>The worker reported a failure (the trial was requeued or marked FAILED).</summary>
    Failed,

    /// <summary>The lease ran out and another worker claimed the trial, or the retry limit ended it.</summary>
    LeaseExpired,

    /// <summary>The worker gave the trial back on purpose (interrupted, or claimed for a fused group its checkpoints do not fit); not a failure.</summary>
    Released,
    Cancelled,

    /// <summary>The run stopped early because it was clearly not learning; the trial is PRUNED.</summary>
    Pruned,
}

/// <summary>One claim of a trial: the history that explains retries and resumes.</summary>
public sealed record TrialAttempt(
    long TrialId,
    int Attempt,
    string WorkerId,
    string Host,
    int Pid,
    DateTimeOffset StartedAt,
    DateTimeOffset? EndedAt,
    AttemptOutcome? Outcome,
    string? Error);
