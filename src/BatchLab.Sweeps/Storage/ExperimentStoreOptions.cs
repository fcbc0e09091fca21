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

    /// <summary>
    /// Whose clock times a lease. <see cref="LeaseClock.Database"/> (the default): the server's
    /// (PostgreSQL's clock_timestamp()), so workers on machines whose clocks disagree by minutes
    /// neither steal live leases nor lose their own, and no NTP rule is needed. SQLite runs inside
    /// the worker's process, so there its clock is the machine's, the only one that reaches the file.
    /// <see cref="LeaseClock.Local"/>: the store's TimeProvider, for tests that move time by hand.
    /// </summary>
    public LeaseClock LeaseClock { get; init; } = LeaseClock.Database;

    public static ExperimentStoreOptions Default { get; } = new();

    public void Validate()
    {
        if (LeaseDuration <= TimeSpan.Zero || MaxFailures < 1 || BusyTimeout <= TimeSpan.Zero)
        {
            throw new BatchLabException($"store options need a positive lease duration, busy timeout and at least one allowed failure (got {this})");
        }
    }
}

/// <summary>Whose clock times leases; see <see cref="ExperimentStoreOptions.LeaseClock"/>.</summary>
public enum LeaseClock
{
    Database,
    Local,
}
