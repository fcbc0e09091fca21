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
    /// <summary>|G|² is the exact squared norm of the full gradient (not estimated), and tr Σ was fitted with it.</summary>
    public bool ExactGradient { get; init; }

    /// <summary>The sizes as written in tables and legends: "8+64+512" ("exact |G|², 8+64+512" with the exact |G|²).</summary>
    public string Label => (ExactGradient ? "exact |G|², " : "") + string.Join('+', Batches);
}

/// <summary>
/// Everything <see cref="NoiseScale.Measure"/> sampled at one set of weights: the squared norms
/// per batch size, the two-batch estimate of every pair of sizes, and <see cref="Estimate"/>,
/// the headline: the fit over all sizes (which is the two-batch estimate when there are two).
/// </summary>
public sealed record NoiseScaleMeasurement(long Population, IReadOnlyList<BatchSquaredNorms> Norms, IReadOnlyList<SizesEstimate> Pairs, SizesEstimate Estimate)
{
    /// <summary>The estimate from the draws alone (the fit over all sizes) when <see cref="Estimate"/> uses the exact |G|²; null otherwise.</summary>
    public SizesEstimate? FromDraws { get; init; }

    /// <summary>|G|² computed exactly over the population; null when not computed.</summary>
    public double? ExactSquaredNorm { get; init; }
}
