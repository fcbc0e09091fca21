using BatchLab.Diagnostics.Throughput;
using BatchLab.Reporting.Plots;

namespace BatchLab.Reporting.Artifacts.Throughput;

/// <summary>
/// The figures of a <see cref="ThroughputResult"/>: samples/s against B (median, slowest–fastest
/// repeat as a band) with the knee marked, and the achieved FLOP rate as a fraction of the
/// matmul ceiling.
/// </summary>
static class ThroughputPlots
{
    public static IReadOnlyList<PlotSpec> Build(ThroughputResult result)
    {
        var x = result.Rows.Select(r => (double)r.Batch).ToList();
        var knee = new Marker(result.Knee.Batch, $"knee B = {result.Knee.Batch} ({result.Knee.Fraction:P0} of best)");
        var where = $"{result.Model}, {result.Where}";
        return
        [
            new PlotSpec(
                "throughput_samples_vs_batch",
                $"Training throughput, {where}",
                new Axis("batch size B", AxisScale.Log2),
                new Axis("samples/s", AxisScale.Log10),
                [
                    new Series($"median of {result.Options.Repeats} (band: slowest–fastest)", x, [.. result.Rows.Select(r => r.SamplesPerSecond)], SeriesStyle.LineAndMarkers,
                        Low: [.. result.Rows.Select(r => r.SamplesPerSecondLow)], High: [.. result.Rows.Select(r => r.SamplesPerSecondHigh)]),
                    new Series($"{result.Knee.Fraction:P0} of best ({result.Knee.BestSamplesPerSecond:N0}/s at B = {result.Knee.BestBatch})", [x[0], x[^1]],
                        [result.Knee.Fraction * result.Knee.BestSamplesPerSecond, result.Knee.Fraction * result.Knee.BestSamplesPerSecond], SeriesStyle.Dashed),
                ],
                [knee]),
            new PlotSpec(
                "throughput_fraction_of_ceiling",
                $"Achieved FLOP rate / matmul ceiling ({result.Ceiling.GflopsPerSecond:F0} GFLOP/s), {where}",
                new Axis("batch size B", AxisScale.Log2),
                new Axis("fraction of ceiling", Min: 0) { Percent = true },
                [new Series("training FLOP/s ÷ ceiling", x, [.. result.Rows.Select(r => r.FractionOfCeiling)])],
                [knee]),
        ];
    }
}
