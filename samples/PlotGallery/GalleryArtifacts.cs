using BatchLab.Reporting.Plots;
using BatchLab.Text;

namespace BatchLab.Samples.PlotGallery;

/// <summary>Synthetic but realistic-looking results: one figure per kind the reports draw.</summary>
internal sealed class GalleryArtifacts : IArtifacts
{
    static readonly double[] Batches = [.. Enumerable.Range(0, 13).Select(k => Math.Pow(2, k))];

    public IReadOnlyList<PlotSpec> Plots { get; } = [Generalization(), StepsToTarget(), LearningRateGrid(), NoiseScale()];

    public IReadOnlyList<DataTable> Tables { get; } =
    [
        new("generalization", ["batch", "test_error", "note"],
            [.. Batches.Select((b, i) => (IReadOnlyList<object?>)[b, i == 5 ? double.NaN : TestError(b), i == 0 ? "pure SGD, \"noisy\"" : null])]),
    ];

    static double TestError(double b) => 0.018 + (0.004 * Math.Log2(b) / 12) + (b > 1024 ? 0.006 : 0);

    static PlotSpec Generalization()
    {
        double[] error = [.. Batches.Select((b, i) => i == 5 ? double.NaN : TestError(b))];
        return new PlotSpec(
            "generalization", "Best test error vs batch size (median of 5 seeds)",
            new Axis("batch size B", AxisScale.Log2), new Axis("test error"),
            [
                new Series("measured", Batches, error, SeriesStyle.LineAndMarkers, [.. error.Select(e => e - 0.001)], [.. error.Select(e => e + 0.0012)]),
                new Series("linear-scaling LR", Batches, [.. Batches.Select(b => TestError(b) + 0.002 + (b / 4096 * 0.01))], SeriesStyle.Dashed),
                new Series("Keskar et al. (paper)", [256, 6000], [0.0197, 0.0219], SeriesStyle.Markers),
            ],
            [new Marker(64, "knee"), new Marker(600, "B_crit ≈ 600")]);
    }

    static PlotSpec StepsToTarget()
    {
        var steps = Batches.Select(b => 2000 * (1 + (300 / b))).ToArray();
        return new PlotSpec(
            "steps-to-target", "Steps to 1% validation error",
            new Axis("batch size B", AxisScale.Log2), new Axis("steps", AxisScale.Log10),
            [
                new Series("measured", Batches, steps, SeriesStyle.LineAndMarkers),
                new Series("S = S_min(1 + B_noise/B)", Batches, steps, SeriesStyle.Line, [.. steps.Select(s => s * 0.8)], [.. steps.Select(s => s * 1.25)]),
                new Series("perfect scaling", Batches, [.. Batches.Select(b => 600000 / b)], SeriesStyle.Dashed),
            ]);
    }

    static PlotSpec LearningRateGrid()
    {
        string[] rates = [.. Enumerable.Range(-12, 13).Select(k => k == 0 ? "1" : $"2^{k}")];
        string[] batches = [.. Enumerable.Range(0, 11).Select(k => $"{1 << k}")];
        var values = batches.Select((_, r) => (IReadOnlyList<double>)[.. rates.Select((_, c) =>
            c + r > 17 ? double.NaN : r == 3 && c == 2 ? double.NaN : 0.02 + (0.3 * Math.Pow((c - 6 - (r * 0.4)) / 10.0, 2)))]).ToList();
        var diverged = Enumerable.Range(0, 11).SelectMany(r => Enumerable.Range(0, 13).Where(c => c + r > 17).Select(c => (r, c))).ToList();
        return new PlotSpec(
            "lr-grid", "Final test error over batch size and base learning rate",
            new Axis("base learning rate η̃ (per sample)"), new Axis("batch size B"), [],
            Heatmap: new Heatmap(rates, batches, values, "test error", diverged, "diverged"));
    }

    static PlotSpec NoiseScale()
    {
        double[] steps = [.. Enumerable.Range(0, 60).Select(i => i * 250.0)];
        double[] bSimple = [.. steps.Select((s, i) => i is 20 or 21 ? double.NaN : 40 + (s / 30) + (10 * Math.Sin(i / 3.0)))];
        return new PlotSpec(
            "noise-scale", "Gradient noise scale over training",
            new Axis("step"), new Axis("B_simple (samples)"),
            [new Series("B_simple", steps, bSimple, SeriesStyle.Line, [.. bSimple.Select(b => b * 0.85)], [.. bSimple.Select(b => b * 1.15)])]);
    }
}
