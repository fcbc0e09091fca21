namespace BatchLab.Diagnostics.Noise;

/// <summary>Squared norms |g_B|² of the mini-batch gradients drawn at one batch size.</summary>
public sealed record BatchSquaredNorms(long Batch, double Mean, double StandardError, IReadOnlyList<double> Draws);

/// <summary>An estimate of |G|², tr Σ and B_simple from the draws at <see cref="Batches"/>, with bootstrap spreads.</summary>
public sealed record SizesEstimate(
    IReadOnlyList<long> Batches,
    double GradientSquaredNorm,
    double TraceCovariance,
    double NoiseScale,
    Spread GradientSquaredNormSpread,
    Spread TraceCovarianceSpread,
    Spread NoiseScaleSpread)
{
    /// <summary>The sizes as written in tables and legends: "8+64+512".</summary>
    public string Label => string.Join('+', Batches);
}

/// <summary>
/// Everything <see cref="NoiseScale.Measure"/> sampled at one set of weights: the squared norms
/// per batch size, the two-batch estimate of every pair of sizes, and <see cref="Estimate"/>,
/// the headline: the fit over all sizes (which is the two-batch estimate when there are two).
/// </summary>
public sealed record NoiseScaleMeasurement(long Population, IReadOnlyList<BatchSquaredNorms> Norms, IReadOnlyList<SizesEstimate> Pairs, SizesEstimate Estimate);
