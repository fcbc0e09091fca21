using BatchLab.Plots;

namespace BatchLab.Diagnostics.Noise;

/// <summary>CSV tables of a <see cref="NoiseScaleResult"/>: every drawn squared norm, and the estimate of every pair.</summary>
static class NoiseTables
{
    public static IReadOnlyList<DataTable> Build(NoiseScaleResult result) =>
    [
        new DataTable(
            "noise_draws",
            ["batch", "draw", "grad_sq_norm"],
            [.. result.Measurement.Norms.SelectMany(n => n.Draws.Select((v, d) => Row(n.Batch, d, v)))]),
        Pairs("noise_pairs", result.Measurement),
    ];

    public static DataTable Pairs(string id, NoiseScaleMeasurement measurement) => new(
        id,
        ["small_batch", "big_batch", "grad_sq_norm", "grad_sq_norm_std", "trace_cov", "trace_cov_std", "noise_scale", "noise_scale_std", "noise_scale_p05", "noise_scale_p95"],
        [.. measurement.Pairs.Select(p => Row(p.Small, p.Big, p.GradientSquaredNorm, p.GradientSquaredNormSpread.Std, p.TraceCovariance, p.TraceCovarianceSpread.Std,
            p.NoiseScale, p.NoiseScaleSpread.Std, p.NoiseScaleSpread.Low, p.NoiseScaleSpread.High))]);

    static IReadOnlyList<object?> Row(params object?[] cells) => cells;
}
