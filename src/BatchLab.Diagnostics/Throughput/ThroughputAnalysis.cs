using BatchLab.Runtime;

namespace BatchLab.Diagnostics.Throughput;

/// <summary>The arithmetic from timings to rates, ceiling fractions and the knee: pure functions, so tests can check them on a fixed table.</summary>
public static class ThroughputAnalysis
{
    /// <summary>Rates at one batch size from its per-update timing.</summary>
    public static ThroughputRow Row(long batch, long updatesPerMeasurement, Timing perUpdate, double trainingFlopsPerSample, double ceilingGflopsPerSecond)
    {
        var samples = batch / perUpdate.Median;
        var gflops = samples * trainingFlopsPerSample / 1e9;
        return new ThroughputRow(batch, updatesPerMeasurement, perUpdate, 1 / perUpdate.Median, samples,
            batch / perUpdate.Max, batch / perUpdate.Min, gflops, gflops / ceilingGflopsPerSecond);
    }

    /// <summary>The smallest batch whose median samples/s reaches <paramref name="fraction"/> of the best median.</summary>
    public static ThroughputKnee Knee(IReadOnlyList<ThroughputRow> rows, double fraction = 0.8)
    {
        if (rows.Count == 0)
        {
            throw new ArgumentException("no measurements", nameof(rows));
        }

        var best = rows.MaxBy(r => r.SamplesPerSecond)!;
        var knee = rows.OrderBy(r => r.Batch).First(r => r.SamplesPerSecond >= fraction * best.SamplesPerSecond);
        return new ThroughputKnee(fraction, knee.Batch, knee.SamplesPerSecond, best.Batch, best.SamplesPerSecond);
    }
}
