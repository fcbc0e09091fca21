using BatchLab.Diagnostics.Noise;

namespace BatchLab.Diagnostics.Agreement;

/// <summary>
/// What <see cref="GradientAgreement"/> samples. Cost per set of weights: one full gradient over
/// the population, <see cref="Draws"/> × Σ B forward/backward samples (about 32 × 2N for the
/// default sizes, i.e. some 64 epochs' worth of gradients at N = 55,000 — about a minute for an
/// MLP on two cores), plus the noise-scale measurement.
/// </summary>
public sealed record AgreementOptions
{
    /// <summary>Batch sizes; null = 1, 2, 4, … below N (up to <see cref="Largest"/>), N/100 and N itself.</summary>
    public IReadOnlyList<long>? Batches { get; init; }

    /// <summary>The largest power of two of the default sizes; null = every power below N. Bounds the cost on a large population.</summary>
    public long? Largest { get; init; }

    /// <summary>Mini-batch gradients drawn per batch size (one at B = N: it is the full gradient).</summary>
    public int Draws { get; init; } = 32;

    /// <summary>N: samples the full gradient is taken over; null = the whole training set, else a fixed random subset of this size.</summary>
    public long? Population { get; init; }

    /// <summary>Samples per forward/backward pass (memory only).</summary>
    public long Chunk { get; init; } = 1024;

    public long Seed { get; init; }

    /// <summary>How B_simple is measured at the same weights (two-batch estimator over the same population).</summary>
    public NoiseScaleOptions Noise { get; init; } = new();

    /// <summary>The batch sizes for a population of <paramref name="population"/>, validated.</summary>
    public IReadOnlyList<long> BatchesFor(long population)
    {
        if (Draws is < 2 or > 100_000)
        {
            throw new BatchLabException($"--draws {Draws} must be between 2 and 100000");
        }

        if (Batches is { } given)
        {
            // N/100 joins the given sizes: the headline "a gradient from 1/100 of the data" is always measured.
            return given.Count > 0 && given.All(b => b >= 1 && b <= population)
                ? [.. given.Append(HundredthOf(population)).Distinct().Order()]
                : throw new BatchLabException($"--batches must list sizes between 1 and the population N = {population}, e.g. 1,16,256");
        }

        var sizes = new SortedSet<long> { HundredthOf(population), population };
        for (long b = 1; b < population && b <= (Largest ?? long.MaxValue); b *= 2)
        {
            sizes.Add(b);
        }

        return [.. sizes];
    }

    /// <summary>B = N/100, rounded (at least 1): the batch of "1/100 of the data".</summary>
    public static long HundredthOf(long population) => Math.Max(1, (long)Math.Round(population / 100.0));
}
