using BatchLab.Diagnostics.Noise;
using BatchLab.Text;

namespace BatchLab.Reporting.Artifacts.Noise;

/// <summary>CSV tables of a <see cref="NoiseScaleResult"/>: every drawn squared norm, and the estimate of every pair.</summary>
static class NoiseTables
{
    public static IReadOnlyList<DataTable> Build(NoiseScaleResult result) =>
    [
        new DataTable(
            "noise_draws",
            ["batch", "draw", "grad_sq_norm"],
            [.. result.Measurement.Norms.SelectMany(n => n.Draws.Select((v, d) => Row(n.Batch, d, v)))]),
        Estimates("noise_estimates", result.Measurement),
    ];

    /// <summary>One row per pair of sizes (McCandlish's two-batch estimate), then the fit over all sizes.</summary>
    public static DataTable Estimates(string id, NoiseScaleMeasurement measurement) => new(
        id,
        ["estimate", "batches", "grad_sq_norm", "grad_sq_norm_std", "trace_cov", "trace_cov_std", "noise_scale", "noise_scale_std", "noise_scale_p05", "noise_scale_p95"],
        [.. measurement.Pairs.Select(p => ("pair", p)).Concat(measurement.FromDraws is { } d ? [("fit", d)] : []).Append((measurement.Estimate.ExactGradient ? "exact |G|²" : "fit", measurement.Estimate)).Select(x => (Kind: x.Item1, E: x.Item2)).Select(x => Row(x.Kind, x.E.Label, x.E.GradientSquaredNorm, x.E.GradientSquaredNormSpread.Std, x.E.TraceCovariance, x.E.TraceCovarianceSpread.Std,
            x.E.NoiseScale, x.E.NoiseScaleSpread.Std, x.E.NoiseScaleSpread.Low, x.E.NoiseScaleSpread.High))]);

    static IReadOnlyList<object?> Row(params object?[] cells) => cells;
}
