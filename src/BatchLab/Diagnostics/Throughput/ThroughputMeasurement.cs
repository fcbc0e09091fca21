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
        var ceiling = MatmulCeiling.Measure(target, options.MatmulSize, options.Seconds, options.Repeats);
        progress?.Invoke($"throughput: matmul ceiling {ceiling.GflopsPerSecond:F1} GFLOP/s ({ceiling.Size}², {ceiling.Threads} threads); model {flops / 1e6:F2} MFLOP per training sample");

        model.train();
        using var timer = new StepTimer(model, prepared.Data);
        var rows = new List<ThroughputRow>();
        foreach (var batch in options.Batches.Order())
        {
            var updates = Calibrate.Units(() => timer.Run(batch, 1), options.Seconds);
            var timing = Runtime.Measure.PerUnit(() => timer.Run(batch, updates), updates, options.Repeats);
            rows.Add(ThroughputAnalysis.Row(batch, updates, timing, flops, ceiling.GflopsPerSecond));
            progress?.Invoke($"throughput: B = {batch}: {rows[^1].SamplesPerSecond:N0} samples/s, {rows[^1].FractionOfCeiling:P1} of the ceiling");
        }

        return new ThroughputResult(dataName, modelSpec, device.Trim().ToLowerInvariant(), get_num_threads(), arithmetic, ceiling, options, rows,
            ThroughputAnalysis.Knee(rows, options.KneeFraction), watch.Elapsed.TotalSeconds);
    }
}
