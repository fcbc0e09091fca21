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
    const double MiB = 1L << 20;

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
            new Axis("layer (see memory_layers.csv)") { Integer = true }, new Axis("floats per sample", AxisScale.Log10),
            [
                new Series("layer output", index, [.. r.Layers.Select(l => Positive(l.OutputFloats))]),
                new Series("kept for backward so far, input included (bytes / 4)", index, cumulative, SeriesStyle.Line),
            ]);
    }

    /// <summary>
    /// Memory against M, on a scale that fits the measurements: in MiB below a GiB. The limit is a
    /// line only when it lies near the data (within twice the largest value drawn); a limit far above
    /// would flatten every point to the floor, so the title states it instead.
    /// </summary>
    static PlotSpec AgainstMicroBatch(MemoryResult r)
    {
        var m = r.Points.Select(p => (double)p.MicroBatch).ToList();
        var measured = r.Points.Where(p => p.MeasuredBytes is not null).ToList();
        var probes = r.LimitSearch?.Probes.Where(t => t.MeasuredBytes is not null).ToList() ?? [];
        var drawn = r.Points.Select(p => (double)p.PredictedBytes)
            .Concat(measured.Select(p => (double)p.MeasuredBytes!.Value))
            .Concat(probes.Select(t => (double)t.MeasuredBytes!.Value))
            .Append(r.Prediction.FixedBytes)
            .DefaultIfEmpty(0).Max();
        var (unit, scale) = drawn >= GiB ? ("GiB", GiB) : ("MiB", MiB);
        var series = new List<Series>
        {
            new("predicted", m, [.. r.Points.Select(p => p.PredictedBytes / scale)], SeriesStyle.Line),
            new("fixed part (weights, gradients, optimizer state)", [m[0], m[^1]], [r.Prediction.FixedBytes / scale, r.Prediction.FixedBytes / scale], SeriesStyle.Dashed),
            new("measured (peak RSS above baseline)", [.. measured.Select(p => (double)p.MicroBatch)], [.. measured.Select(p => p.MeasuredBytes!.Value / scale)], SeriesStyle.Markers),
        };
        var markers = new List<Marker>();
        var limit = "";
        if (r.LimitSearch is { } b)
        {
            series.Add(new Series("limit search probes", [.. probes.Select(t => (double)t.MicroBatch)], [.. probes.Select(t => t.MeasuredBytes!.Value / scale)], SeriesStyle.Markers));
            if (b.Usable <= 2 * drawn)
            {
                series.Add(new Series($"limit less {b.Margin * 100:F0}% margin", [m[0], m[^1]], [b.Usable / scale, b.Usable / scale], SeriesStyle.Dashed));
            }
            else
            {
                limit = $"; the limit, {ByteSize.Format(b.Usable)} after the {b.Margin * 100:F0}% margin, lies far above";
            }

            if (b.Confirmed is { } c)
            {
                markers.Add(new Marker(c, $"largest M measured to fit: {c:N0}"));
            }
        }

        return new PlotSpec(
            "memory_vs_micro_batch", $"{r.Model}: training memory against micro-batch M ({(r.Optimizer == OptimizerKind.Sgd ? "SGD with momentum" : "Adam")}){limit}",
            new Axis("micro-batch M", AxisScale.Log2), new Axis(unit, Min: 0), series, markers);
    }
}
