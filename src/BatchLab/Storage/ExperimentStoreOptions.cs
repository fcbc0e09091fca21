namespace BatchLab.Storage;

/// <summary>How a store hands out and ends claims.</summary>
public sealed record ExperimentStoreOptions
{
    /// <summary>
    /// How long a claim holds without a heartbeat. A crashed worker's trial waits this long before
    /// another worker may reclaim it; a worker must heartbeat well within it (every third of it).
    /// Default 60 s.
    /// </summary>
    public TimeSpan LeaseDuration { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Claims a trial may have, counting the first. After that many, a retryable failure or an
    /// expired lease makes the trial FAILED. Default 3.
    /// </summary>
    public int MaxAttempts { get; init; } = 3;

    /// <summary>
    /// SQLite only: how long an operation waits for another process's write lock before giving
    /// up with an error. Default 60 s (a write transaction here takes milliseconds).
    /// </summary>
    public TimeSpan BusyTimeout { get; init; } = TimeSpan.FromSeconds(60);

    public static ExperimentStoreOptions Default { get; } = new();

    internal void Validate()
    {
        if (LeaseDuration <= TimeSpan.Zero || MaxAttempts < 1 || BusyTimeout <= TimeSpan.Zero)
        {
            throw new BatchLabException($"store options need a positive lease duration, busy timeout and at least one attempt (got {this})");
        }
    }
}
