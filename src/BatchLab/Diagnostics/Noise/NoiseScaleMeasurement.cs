namespace BatchLab.Diagnostics.Noise;

/// <summary>Squared norms |g_B|² of the mini-batch gradients drawn at one batch size.</summary>
public sealed record BatchSquaredNorms(long Batch, double Mean, double StandardError, IReadOnlyList<double> Draws);

/// <summary>The two-batch estimate from one pair of sizes, with bootstrap spreads.</summary>
public sealed record PairEstimate(
    long Small,
    long Big,
    double GradientSquaredNorm,
    double TraceCovariance,
    double NoiseScale,
    Spread GradientSquaredNormSpread,
    Spread TraceCovarianceSpread,
    Spread NoiseScaleSpread);

/// <summary>
/// Everything <see cref="NoiseScale.Measure"/> sampled at one set of weights: the squared norms
/// per batch size and the estimate of every pair. <see cref="Estimate"/> is the pair with the
/// widest span (smallest and largest size), whose difference in noise is largest.
/// </summary>
public sealed record NoiseScaleMeasurement(long Population, IReadOnlyList<BatchSquaredNorms> Norms, IReadOnlyList<PairEstimate> Pairs)
{
    public PairEstimate Estimate => Pairs.MaxBy(p => (double)p.Big / p.Small)!;
}
