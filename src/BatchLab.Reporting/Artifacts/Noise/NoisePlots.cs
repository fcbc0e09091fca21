using BatchLab.Diagnostics.Gradients;
using BatchLab.Diagnostics.Noise;
using BatchLab.Reporting.Plots;

namespace BatchLab.Reporting.Artifacts.Noise;

/// <summary>
/// The figure of a <see cref="NoiseScaleResult"/>: mean |g_B|² against B (± one standard error)
/// with the curve |G|² + tr Σ·w(B) the headline estimate implies, which levels off at |G|² for
/// B ≫ B_simple.
/// </summary>
static class NoisePlots
{
    public static IReadOnlyList<PlotSpec> Build(NoiseScaleResult result)
    {
        var m = result.Measurement;
        var e = result.Estimate;
        var x = m.Norms.Select(n => (double)n.Batch).ToList();
        var curve = Enumerable.Range(0, 41).Select(i => Math.Pow(2, Math.Log2(x[0]) + (i * (Math.Log2(x[^1]) - Math.Log2(x[0])) / 40))).ToList();
        return
        [
            new PlotSpec(
                "noise_sq_norm_vs_batch",
                $"Squared mini-batch gradient norm, {result.Subject.Model} at {result.Subject.Weights}: B_simple = {BatchLab.Text.NumberFormat.General.Format(e.NoiseScale)}",
                new Axis("batch size B", AxisScale.Log2),
                new Axis("|g_B|²", AxisScale.Log10),
                [
                    new Series($"mean over {result.Options.Draws} draws (± s.e.)", x, [.. m.Norms.Select(n => n.Mean)], SeriesStyle.Markers,
                        Low: [.. m.Norms.Select(n => n.Mean - n.StandardError)], High: [.. m.Norms.Select(n => n.Mean + n.StandardError)]),
                    new Series($"|G|² + tr Σ·w(B), fitted to B = {e.Label}", curve,
                        [.. curve.Select(b => e.GradientSquaredNorm + (e.TraceCovariance * SamplingNoise.Weight(b, m.Population)))], SeriesStyle.Line),
                    new Series($"|G|² = {BatchLab.Text.NumberFormat.General.Format(e.GradientSquaredNorm)}", [x[0], x[^1]], [e.GradientSquaredNorm, e.GradientSquaredNorm], SeriesStyle.Dashed),
                ],
                e.NoiseScale >= x[0] && e.NoiseScale <= x[^1] ? [new Marker(e.NoiseScale, $"B_simple = {BatchLab.Text.NumberFormat.General.Format(e.NoiseScale)}")] : null),
        ];
    }
}
