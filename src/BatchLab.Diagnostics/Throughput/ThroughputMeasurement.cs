using System.Diagnostics;
using BatchLab.Data;
using BatchLab.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace BatchLab.Diagnostics.Throughput;

/// <summary>
/// `diagnose throughput`: updates/s and samples/s of training at each batch size on one device,
/// as a fraction of the device's matmul ceiling measured the same way in the same process.
/// </summary>
public static class ThroughputMeasurement
{
    /// <summary>
    /// Times <paramref name="model"/> (moved to <paramref name="device"/> with
    /// <paramref name="data"/> in float32) at every batch size of <paramref name="options"/>;
    /// the weights change a little (plain SGD steps).
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
        using var timer = new StepTimer(model, prepared.Data, options.MicroBatch, options.NormBatch);
        var timings = new List<(long Batch, long Updates, Runtime.Timing Timing)>();
        foreach (var batch in options.Batches.Order())
        {
            var updates = Calibrate.Units(() => timer.Run(batch, 1), options.Seconds);
            timings.Add((batch, updates, Runtime.Measure.PerUnit(() => timer.Run(batch, updates), updates, options.Repeats)));
            progress?.Invoke($"throughput: B = {batch}: {batch / timings[^1].Timing.Median:N0} samples/s");
        }

        // Measured again after the sweep: on a machine whose load drifts, the faster of the two is
        // the better estimate of what the device can do (the fractions are then conservative).
        var after = MatmulCeiling.Measure(target, options.MatmulSize, options.Seconds, options.Repeats);
        var ceiling = after.GflopsPerSecond > before.GflopsPerSecond ? after : before;
        var rows = timings.Select(t => ThroughputAnalysis.Row(t.Batch, t.Updates, t.Timing, flops, ceiling.GflopsPerSecond)).ToList();

        return new ThroughputResult(dataName, modelSpec, device.Trim().ToLowerInvariant(), get_num_threads(), arithmetic, ceiling, [before, after], options, rows,
            ThroughputAnalysis.Knee(rows, options.KneeFraction), watch.Elapsed.TotalSeconds);
    }
}
