namespace BatchLab.Sweeps.Storage;

/// <summary>
/// How long and how a worker rides out an unavailable store (<see cref="ResilientStore"/>):
/// retries wait <see cref="FirstDelay"/>, doubling up to <see cref="MaxDelay"/>, each drawn at
/// random from the upper half of its range so that many workers do not return in step; after
/// <see cref="GiveUpAfter"/> without the store the worker stops.
/// </summary>
public sealed record OutagePolicy
{
    /// <summary>
    /// Stop once the store has been unavailable this long without a break. Default 10 minutes:
    /// longer than a database restart or failover, shorter than a lost night.
    /// </summary>
    public TimeSpan GiveUpAfter { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>The first wait between retries. Default 250 ms.</summary>
    public TimeSpan FirstDelay { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>The longest wait between retries, and so about the most a worker lags behind the store's return. Default 2 s.</summary>
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// After an outage, claim only QUEUED trials for this long, so that the owners of trials whose
    /// leases ran out meanwhile can renew them first. Set it to the lease duration. Default 60 s.
    /// </summary>
    public TimeSpan ClaimGrace { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>The wait before retry number <paramref name="retry"/> (0-based), with jitter.</summary>
    public TimeSpan Delay(int retry)
    {
        var cap = Math.Min(MaxDelay.TotalMilliseconds, FirstDelay.TotalMilliseconds * Math.Pow(2, Math.Min(retry, 30)));
        return TimeSpan.FromMilliseconds(cap * (0.5 + (Random.Shared.NextDouble() / 2)));
    }

    public void Validate()
    {
        if (GiveUpAfter <= TimeSpan.Zero || FirstDelay <= TimeSpan.Zero || MaxDelay < FirstDelay || ClaimGrace < TimeSpan.Zero)
        {
            throw new BatchLabException($"an outage policy needs a positive give-up time and delays with the first no longer than the longest (got {this})");
        }
    }
}
