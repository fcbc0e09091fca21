using BatchLab.Diagnostics.Memory;
using BatchLab.Reporting.Plots;
using BatchLab.Training.Optimizers;

namespace BatchLab.Reporting.Artifacts.Memory;

/// <summary>
/// The figures of a <see cref="MemoryResult"/>: per-layer output and saved floats per sample in
/// forward order (layer names are in the memory_layers table), and training memory against M —
/// the model's prediction, its fixed part, the measurements, the limit search's probes and the
/// limit usable.
/// </summary>
static class MemoryPlots
{
    const double GiB = 1L << 30;

    public static IReadOnlyList<PlotSpec> Build(MemoryResult r) => [Layers(r), AgainstMicroBatch(r)];

    static PlotSpec Layers(MemoryResult r)
    {
        var index = r.Layers.Select((_, i) => (double)(i + 1)).ToList();
        double Positive(double v) => v > 0 ? v : double.NaN;

        // Running total from the input on: how the memory kept for backward builds up through the forward pass.
        var kept = r.InputFloatsPerSample * 4.0;
        var cumulative = r.Layers.Select(l => (kept += l.SavedBytes) / 4).ToList();
        return new PlotSpec(
            "memory_layers", $"{r.Model}: activation floats per sample by layer (forward order)",
            new Axis("layer (see memory_layers.csv)"), new Axis("floats per sample", AxisScale.Log10),
            [
                new Series("layer output", index, [.. r.Layers.Select(l => Positive(l.OutputFloats))]),
                new Series("kept for backward so far, input included (bytes / 4)", index, cumulative, SeriesStyle.Line),
            ]);
    }

    static PlotSpec AgainstMicroBatch(MemoryResult r)
    {
        var m = r.Points.Select(p => (double)p.MicroBatch).ToList();
        var measured = r.Points.Where(p => p.MeasuredBytes is not null).ToList();
        var series = new List<Series>
        {
            new("predicted", m, [.. r.Points.Select(p => p.PredictedBytes / GiB)], SeriesStyle.Line),
            new("fixed part (weights, gradients, optimizer state)", [m[0], m[^1]], [r.Prediction.FixedBytes / GiB, r.Prediction.FixedBytes / GiB], SeriesStyle.Dashed),
            new("measured (peak RSS above baseline)", [.. measured.Select(p => (double)p.MicroBatch)], [.. measured.Select(p => p.MeasuredBytes!.Value / GiB)], SeriesStyle.Markers),
        };
        var markers = new List<Marker>();
        if (r.LimitSearch is { } b)
        {
            var probes = b.Probes.Where(t => t.MeasuredBytes is not null).ToList();
            series.Add(new Series("limit search probes", [.. probes.Select(t => (double)t.MicroBatch)], [.. probes.Select(t => t.MeasuredBytes!.Value / GiB)], SeriesStyle.Markers));
            series.Add(new Series($"limit less {b.Margin * 100:F0}% margin", [m[0], m[^1]], [b.Usable / GiB, b.Usable / GiB], SeriesStyle.Dashed));
            if (b.Confirmed is { } c)
            {
                markers.Add(new Marker(c, $"largest M that fits: {c}"));
            }
        }

        return new PlotSpec(
            "memory_vs_micro_batch", $"{r.Model}: training memory against micro-batch M ({(r.Optimizer == OptimizerKind.Sgd ? "SGD with momentum" : "Adam")})",
            new Axis("micro-batch M", AxisScale.Log2), new Axis("GiB"), series, markers);
    }
}
