using System.Diagnostics;
using BatchLab.Data;
using BatchLab.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace BatchLab.Diagnostics.Throughput;

/// <summary>
/// `diagnose throughput`: updates/s and samples/s of training at each batch size on one device,
/// as a fraction of the device's matmul ceiling measured the same way in the same process.
/// The repeats are interleaved: each round times every batch size once, so a burst of load on
/// the machine slows one round of every size instead of every repeat of one size; the median
/// over rounds is the robust statistic. A point that still looks disturbed — repeats spread
/// beyond <see cref="ThroughputOptions.MaxSpread"/>, or more seconds per update than a larger
/// batch size needs (more samples cannot cost less time; load only ever slows) — is measured
/// again, up to <see cref="ThroughputOptions.Remeasures"/> times, and reported as disturbed if
/// it stays so.
/// </summary>
public static class ThroughputMeasurement
{
    /// <summary>
    /// Times <paramref name="model"/> (moved to <paramref name="device"/> with
    /// <paramref name="data"/> in float32) at every batch size of <paramref name="options"/>;
    /// the weights change a little (steps at a tiny rate).
    /// </summary>
    public static ThroughputResult Run(nn.Module<Tensor, Tensor> model, Dataset data, string dataName, string modelSpec, string device, ThroughputOptions options, Action<string>? progress = null)
    {
        options.Validate(data.Train.Count);
        var watch = Stopwatch.StartNew();
        var target = DeviceSelector.Resolve(device);
        model.to(ScalarType.Float32).to(target);
        using var prepared = new TrainingData(data, ScalarType.Float32, target);
        ModelCheck.AcceptsData(model, prepared.Data);
        var arithmetic = ModelFlops.Count(model, prepared.Data.Train.Inputs.narrow(0, 0, Math.Min(2, prepared.Data.Train.Count)));
        var flops = arithmetic.TrainingFlopsPerSample;
        var before = MatmulCeiling.Measure(target, options.MatmulSize, options.Seconds, options.Repeats);
        progress?.Invoke($"throughput: matmul ceiling {before.GflopsPerSecond:F1} GFLOP/s ({before.Size}², {before.Threads} threads); model {flops / 1e6:F2} MFLOP per training sample");

        model.train();
        using var timer = new StepTimer(model, prepared.Data, options.MicroBatch, options.NormBatch, optimizer: options.Optimizer);
        var batches = options.Batches.Distinct().Order().ToList();
        var updates = batches.ToDictionary(b => b, b => Calibrate.Units(() => timer.Run(b, 1), options.Seconds));
        double Rate(long batch)
        {
            var start = Stopwatch.GetTimestamp();
            timer.Run(batch, updates[batch]);
            return updates[batch] / Stopwatch.GetElapsedTime(start).TotalSeconds;
        }

        var timings = Interleaved(batches, Rate, options.Repeats);
        var remeasured = batches.ToDictionary(b => b, _ => 0);
        for (var pass = 0; pass < options.Remeasures; pass++)
        {
            var disturbed = ThroughputAnalysis.Disturbed(batches.Select(b => (b, timings[b])).ToList(), options.MaxSpread);
            if (disturbed.Count == 0)
            {
                break;
            }

            progress?.Invoke($"throughput: measuring again B = {string.Join(", ", disturbed.Keys)} (disturbed: {string.Join("; ", disturbed.Values)})");
            foreach (var (batch, timing) in Interleaved([.. disturbed.Keys], Rate, options.Repeats))
            {
                timings[batch] = timing;
                remeasured[batch]++;
            }
        }

        var still = ThroughputAnalysis.Disturbed(batches.Select(b => (b, timings[b])).ToList(), options.MaxSpread);
        foreach (var b in batches)
        {
            progress?.Invoke($"throughput: B = {b}: {b / timings[b].Median:N0} samples/s{(still.TryGetValue(b, out var why) ? $" (disturbed: {why})" : "")}");
        }

        // Measured again after the sweep: on a machine whose load drifts, the faster of the two is
        // the better estimate of what the device can do (the fractions are then conservative).
        var after = MatmulCeiling.Measure(target, options.MatmulSize, options.Seconds, options.Repeats);
        var ceiling = after.GflopsPerSecond > before.GflopsPerSecond ? after : before;
        var rows = batches.Select(b => ThroughputAnalysis.Row(b, updates[b], timings[b], flops, ceiling.GflopsPerSecond) with
        {
            Disturbed = still.GetValueOrDefault(b),
            Remeasured = remeasured[b],
        }).ToList();

        return new ThroughputResult(dataName, modelSpec, device.Trim().ToLowerInvariant(), get_num_threads(), arithmetic, ceiling, [before, after], options, rows,
            ThroughputAnalysis.Knee(rows, options.KneeFraction), watch.Elapsed.TotalSeconds);
    }

    /// <summary>Rounds over <paramref name="batches"/> (one warm-up round first); each batch size's median and range of seconds per update.</summary>
    static Dictionary<long, Runtime.Timing> Interleaved(IReadOnlyList<long> batches, Func<long, double> rate, int repeats)
    {
        var timings = Runtime.Measure.Alternating([.. batches.Select(b => (Func<double>)(() => rate(b)))], repeats);
        return batches.Select((b, i) => (b, timings[i])).ToDictionary(p => p.b, p => p.Item2);
    }
}
