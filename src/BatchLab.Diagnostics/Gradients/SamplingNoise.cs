namespace BatchLab.Diagnostics.Gradients;

/// <summary>
/// How much sampling noise a mini-batch mean carries. For a batch of b samples,
/// E|g_b|² = |G|² + tr(Σ)·w(b), with G the mean gradient and Σ the per-sample gradient covariance
/// over the population (normalised by N). Independent samples give w(b) = 1/b (McCandlish et al.
/// 2018); b distinct samples out of N give the finite-population weight (N − b)/(b(N − 1)), which
/// is 0 at b = N: the whole population has no sampling noise. For b ≪ N the two agree.
/// </summary>
public static class SamplingNoise
{
    /// <summary>w(b); <paramref name="population"/> null = independent samples (drawn with replacement).</summary>
    public static double Weight(double batch, long? population)
    {
        if (batch < 1 || batch > population)
        {
            throw new ArgumentOutOfRangeException(nameof(batch), $"batch {batch} must be between 1 and the population {population}");
        }

        return population is long n ? (n - batch) / (batch * (n - 1)) : 1.0 / batch;
    }

    /// <summary>
    /// The batch size that independent samples would need for the same noise, 1/w(b): B for
    /// B ≪ N, growing to infinity at B = N.
    /// </summary>
    public static double EffectiveBatch(long batch, long? population) => 1 / Weight(batch, population);

    /// <summary>
    /// McCandlish's prediction of the mean cosine between a mini-batch gradient and G:
    /// 1/√(1 + B_simple·w(b)), i.e. 1/√(1 + B_simple/B) for independent samples.
    /// </summary>
    public static double PredictedCosine(double noiseScale, long batch, long? population) =>
        1 / Math.Sqrt(1 + (noiseScale * Weight(batch, population)));
}
