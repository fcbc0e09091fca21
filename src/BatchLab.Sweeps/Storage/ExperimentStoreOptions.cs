namespace BatchLab.Sweeps.Storage;

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
    /// Failed attempts a trial may have: an attempt fails when its worker reports a failure or
    /// its lease expires; one given back with Release does not count. The attempt that reaches
    /// this number makes the trial FAILED. Default 3 (two retries).
    /// </summary>
    public int MaxFailures { get; init; } = 3;

    /// <summary>
    /// SQLite only: how long an operation waits for another process's write lock before giving
    /// up with an error. Default 60 s (a write transaction here takes milliseconds).
    /// </summary>
    public TimeSpan BusyTimeout { get; init; } = TimeSpan.FromSeconds(60);

    public static ExperimentStoreOptions Default { get; } = new();

    public void Validate()
    {
        if (LeaseDuration <= TimeSpan.Zero || MaxFailures < 1 || BusyTimeout <= TimeSpan.Zero)
        {
            throw new BatchLabException($"store options need a positive lease duration, busy timeout and at least one allowed failure (got {this})");
        }
    }
}
