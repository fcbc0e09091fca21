using BatchLab.Runtime;

namespace BatchLab.Diagnostics.Throughput;

/// <summary>
/// Training rate at one batch size: seconds per update (median and range of the repeats),
/// updates/s and samples/s from the median, samples/s of the slowest and fastest repeat, and the
/// FLOP rate under <see cref="ModelFlops"/>'s counting rule as a fraction of the matmul ceiling.
/// </summary>
public sealed record ThroughputRow(
    long Batch,
    long UpdatesPerMeasurement,
    Timing PerUpdate,
    double UpdatesPerSecond,
    double SamplesPerSecond,
    double SamplesPerSecondLow,
    double SamplesPerSecondHigh,
    double GflopsPerSecond,
    double FractionOfCeiling)
{
    /// <summary>Why this point is still not trustworthy after re-measuring (load on the machine); null when it is.</summary>
    public string? Disturbed { get; init; }

    /// <summary>How many times the point was measured again because it looked disturbed.</summary>
    public int Remeasured { get; init; }
}

/// <summary>
/// The knee: the smallest batch reaching <see cref="Fraction"/> of the best samples/s. Below it
/// the hardware idles; above it a larger batch buys little speed.
/// </summary>
public sealed record ThroughputKnee(double Fraction, long Batch, double SamplesPerSecond, long BestBatch, double BestSamplesPerSecond);
