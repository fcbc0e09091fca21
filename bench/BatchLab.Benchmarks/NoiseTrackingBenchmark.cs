using BatchLab.Data;
using BatchLab.Diagnostics.Noise;
using BatchLab.Training;

namespace BatchLab.Benchmarks;

/// <summary>
/// One batch size: training with and without the noise-scale tracker at the same M = ⌈B/2⌉
/// (the tracking cost itself), and M = ⌈B/2⌉ against M = B without tracking (the cost of the
/// second pass that tracking needs when a run would otherwise use one pass per update).
/// </summary>
public sealed record NoiseTrackingRow(long Batch, long MicroBatch, long Updates, Timing Tracked, Timing Untracked, double OverheadPercent, Timing OnePass, double SplitCostPercent);

/// <summary>The report; <see cref="Clock"/> is "wall" or "cpu" (process CPU seconds, see <see cref="Measure.ProcessorSeconds"/>).</summary>
public sealed record NoiseTrackingReport(string Model, int Threads, string Clock, string GoalPercent, IReadOnlyList<NoiseTrackingRow> Rows);

/// <summary>
/// The cost of `train --track-noise` for a 784-256-10 MLP on MNIST-shaped random data: trainer
/// runs with and without <see cref="NoiseScaleTracker"/>, interleaved (<see cref="Measure.Paired"/>)
/// so that the load of a shared machine hits both alike. Goal: tracking adds under 5%.
/// </summary>
public static class NoiseTrackingBenchmark
{
    public static NoiseTrackingReport Run(IReadOnlyList<long> batches, double secondsPerMeasurement = 0.5, int repeats = 7, bool cpuClock = false)
    {
        Func<double> clock = cpuClock ? Measure.ProcessorSeconds : Measure.WallSeconds;
        using var data = BenchData.RandomMnist(8192);
        var rows = new List<NoiseTrackingRow>();
        foreach (var b in batches)
        {
            var micro = (b + 1) / 2;
            var watch = System.Diagnostics.Stopwatch.StartNew();
            Train(data, b, micro, track: false, 20);
            var updates = Math.Max(20, (long)(secondsPerMeasurement / (watch.Elapsed.TotalSeconds / 20)));
            var (tracked, untracked) = Measure.Paired(() => Train(data, b, micro, track: true, updates), () => Train(data, b, micro, track: false, updates), updates, repeats, clock);
            var (split, onePass) = Measure.Paired(() => Train(data, b, micro, track: false, updates), () => Train(data, b, null, track: false, updates), updates, repeats, clock);
            rows.Add(new NoiseTrackingRow(b, micro, updates, tracked, untracked, ((tracked.Median / untracked.Median) - 1) * 100, onePass, ((split.Median / onePass.Median) - 1) * 100));
        }

        return new NoiseTrackingReport("mlp:256 (784-256-10, ReLU)", TorchSharp.torch.get_num_threads(), cpuClock ? "cpu" : "wall", "under 5%", rows);
    }

    static void Train(Dataset data, long batch, long? micro, bool track, long updates)
    {
        var options = new TrainOptions
        {
            Batch = BatchSize.Of(batch),
            MicroBatch = micro,
            LearningRate = new LearningRateOptions(Lr: 0.01),
            Budget = new Budget(Updates: updates),
            EvalEvery = Duration.Updates(long.MaxValue / 2),
            TrainEvalSamples = 1,
        };
        var tracker = track ? NoiseScaleTracker.For(options.Plan(data.Train.Count)) : null;
        var hooks = new TrainerHooks { Probe = tracker, Metrics = tracker is null ? [] : [tracker] };
        using var trainer = new Trainer(TrainerOverheadBenchmark.Mlp(), data, options, hooks);
        trainer.Run();
    }
}
