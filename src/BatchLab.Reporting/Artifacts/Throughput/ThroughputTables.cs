using BatchLab.Diagnostics.Throughput;
using BatchLab.Text;

namespace BatchLab.Reporting.Artifacts.Throughput;

/// <summary>CSV tables of a <see cref="ThroughputResult"/>: one row per batch size, and the ceiling.</summary>
static class ThroughputTables
{
    public static IReadOnlyList<DataTable> Build(ThroughputResult result) =>
    [
        new DataTable(
            "throughput",
            ["batch", "updates_per_measurement", "repeats", "seconds_per_update_median", "seconds_per_update_min", "seconds_per_update_max",
                "updates_per_second", "samples_per_second", "samples_per_second_low", "samples_per_second_high", "gflops_per_second", "fraction_of_ceiling"],
            [.. result.Rows.Select(r => Row(r.Batch, r.UpdatesPerMeasurement, r.PerUpdate.Repeats, r.PerUpdate.Median, r.PerUpdate.Min, r.PerUpdate.Max,
                r.UpdatesPerSecond, r.SamplesPerSecond, r.SamplesPerSecondLow, r.SamplesPerSecondHigh, r.GflopsPerSecond, r.FractionOfCeiling))]),
        new DataTable(
            "throughput_ceiling",
            ["measured", "used", "device", "threads", "matmul_size", "gflops_per_second", "gflops_low", "gflops_high", "forward_multiply_adds_per_sample", "training_flops_per_sample", "knee_batch", "best_batch"],
            [.. result.CeilingMeasurements.Select((c, i) => Row(i == 0 ? "before" : "after", c == result.Ceiling ? "true" : "false", result.Device, c.Threads, c.Size, c.GflopsPerSecond, c.GflopsLow, c.GflopsHigh,
                result.Arithmetic.ForwardMultiplyAdds, result.TrainingFlopsPerSample, result.Knee.Batch, result.Knee.BestBatch))]),
    ];

    static IReadOnlyList<object?> Row(params object?[] cells) => cells;
}
