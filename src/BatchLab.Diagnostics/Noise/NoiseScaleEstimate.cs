using BatchLab.Diagnostics.Gradients;

namespace BatchLab.Diagnostics.Noise;

/// <summary>
/// |G|² (squared norm of the true mean gradient) and tr(Σ) (total variance of one sample's
/// gradient), and their ratio B_simple = tr(Σ)/|G|², the simple gradient noise scale of
/// McCandlish et al. 2018: about the batch size at which the mini-batch noise is as large as the
/// signal. B_simple is NaN while |G|² is not resolved above zero.
/// </summary>
public sealed record NoiseScaleEstimate(double GradientSquaredNorm, double TraceCovariance)
{
    public double NoiseScale => GradientSquaredNorm > 0 ? TraceCovariance / GradientSquaredNorm : double.NaN;

    /// <summary>
    /// McCandlish's two-batch unbiased estimators from the mean squared norms of gradients over
    /// <paramref name="small"/> and <paramref name="big"/> samples:
    /// |G|² ≈ (B_big|G_big|² − B_small|G_small|²)/(B_big − B_small),
    /// tr Σ ≈ (|G_small|² − |G_big|²)/(1/B_small − 1/B_big); with a finite
    /// <paramref name="population"/> 1/B becomes the weight w(B) of <see cref="SamplingNoise"/>.
    /// Unbiased for each pair of draws (even nested ones); average them before the ratio.
    /// </summary>
    public static NoiseScaleEstimate TwoBatch(long small, double smallSquaredNorm, long big, double bigSquaredNorm, long? population)
    {
        if (small >= big)
        {
            throw new ArgumentException($"the small batch ({small}) must be smaller than the big one ({big})", nameof(small));
        }

        var (ws, wb) = (SamplingNoise.Weight(small, population), SamplingNoise.Weight(big, population));
        return new NoiseScaleEstimate(
            ((ws * bigSquaredNorm) - (wb * smallSquaredNorm)) / (ws - wb),
            (smallSquaredNorm - bigSquaredNorm) / (ws - wb));
    }
}
