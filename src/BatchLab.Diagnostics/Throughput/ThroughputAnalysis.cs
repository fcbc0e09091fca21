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

    /// <summary>
    /// The points whose timing looks disturbed by load, with why: repeats whose slowest is more than
    /// <paramref name="maxSpread"/> above the median, or a median time per update above that of a
    /// larger batch size by more than the larger one's own spread (more samples per update cannot
    /// take less time, so the smaller batch's figure was slowed). Pure, so tests can give it tables.
    /// </summary>
    public static IReadOnlyDictionary<long, string> Disturbed(IReadOnlyList<(long Batch, Timing PerUpdate)> points, double maxSpread)
    {
        var sorted = points.OrderBy(p => p.Batch).ToList();
        var flagged = new SortedDictionary<long, string>();
        foreach (var (batch, t) in sorted)
        {
            if (t.Max > t.Median * (1 + maxSpread))
            {
                flagged[batch] = $"slowest repeat {Text.NumberFormat.Percent(0).Format((t.Max / t.Median) - 1)} above the median";
            }
        }

        for (var i = 0; i < sorted.Count; i++)
        {
            var (batch, t) = sorted[i];
            if (sorted.Skip(i + 1).FirstOrDefault(p => t.Median > p.PerUpdate.Max) is { Batch: > 0 } larger)
            {
                flagged[batch] = $"{Text.NumberFormat.General.Format(t.Median * 1e3)} ms per update, slower than the {Text.NumberFormat.General.Format(larger.PerUpdate.Median * 1e3)} ms of the larger B = {larger.Batch}";
            }
        }

        return flagged;
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
