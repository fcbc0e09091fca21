using BatchLab.Diagnostics.Noise;

namespace BatchLab.Diagnostics.Agreement;

/// <summary>
/// Cosines between <see cref="Draws"/> mini-batch gradients of <see cref="Batch"/> samples and the
/// full gradient: mean, standard deviation, range; the mean |g_B|²; and McCandlish's prediction
/// 1/√(1 + B_simple·w(B)) from the B_simple measured at the same weights, with w(B) the
/// finite-population weight (→ 1 at B = N), beside the independent-sample form 1/√(1 + B_simple/B).
/// </summary>
public sealed record AgreementRow(
    long Batch,
    int Draws,
    double MeanCosine,
    double StdCosine,
    double MinCosine,
    double MaxCosine,
    double MeanSquaredNorm,
    double PredictedCosine,
    double PredictedCosineIndependent);

/// <summary>The agreement curve at one set of weights, with the noise scale measured there.</summary>
public sealed record AgreementPoint(string Weights, double FullGradientSquaredNorm, NoiseScaleMeasurement Noise, IReadOnlyList<AgreementRow> Rows)
{
    public double NoiseScale => Noise.Estimate.NoiseScale;

    /// <summary>The smallest batch whose mean cosine reaches <paramref name="cosine"/>; null if none does.</summary>
    public long? SmallestBatchReaching(double cosine) => Rows.FirstOrDefault(r => r.MeanCosine >= cosine)?.Batch;
}
