using BatchLab.Diagnostics.Agreement;
using BatchLab.Text;

namespace BatchLab.Reporting.Artifacts.Agreement;

/// <summary>CSV tables of an <see cref="AgreementResult"/>: the cosine rows and the noise-scale pairs of every set of weights.</summary>
static class AgreementTables
{
    public static IReadOnlyList<DataTable> Build(AgreementResult result) =>
    [
        new DataTable(
            "agreement",
            ["weights", "batch", "draws", "mean_cosine", "std_cosine", "min_cosine", "max_cosine", "mean_grad_sq_norm", "predicted_cosine", "predicted_cosine_independent"],
            [.. result.Points.SelectMany(p => p.Rows.Select(r => Row(p.Weights, r.Batch, r.Draws, r.MeanCosine, r.StdCosine, r.MinCosine, r.MaxCosine,
                r.MeanSquaredNorm, r.PredictedCosine, r.PredictedCosineIndependent)))]),
        new DataTable(
            "agreement_noise_scale",
            ["weights", "full_grad_sq_norm", "estimate", "batches", "grad_sq_norm", "trace_cov", "noise_scale", "noise_scale_p05", "noise_scale_p95"],
            [.. result.Points.SelectMany(p => p.Noise.Pairs.Select(e => ("pair", e)).Append(("fit", p.Noise.Estimate)).Select(x => (Kind: x.Item1, E: x.Item2))
                .Select(x => Row(p.Weights, p.FullGradientSquaredNorm, x.Kind, x.E.Label, x.E.GradientSquaredNorm, x.E.TraceCovariance,
                x.E.NoiseScale, x.E.NoiseScaleSpread.Low, x.E.NoiseScaleSpread.High)))]),
    ];

    static IReadOnlyList<object?> Row(params object?[] cells) => cells;
}
