namespace BatchLab.Benchmarks;

/// <summary>Samples/s of a fused group, of one trial at the same B, and of one trial at B = 1024, measured in alternation.</summary>
public sealed record FusedThroughputReport(
    MachineLoad Before,
    MachineLoad After,
    string Model,
    long Batch,
    int Members,
    int Threads,
    double FusedSamplesPerSecond,
    double FusedMemberUpdatesPerSecond,
    double SingleSamplesPerSecond,
    double SingleUpdatesPerSecond,
    long LargeBatch,
    double LargeBatchSamplesPerSecond,
    double FusedOverSingle,
    double FusedOverLargeBatch,
    double SingleOverLargeBatch,
    Timing Fused,
    Timing Single,
    Timing LargeBatchSingle,
    long Parameters,
    double ParameterBytesPerStep,
    double StreamGigabytesPerSecond,
    double BandwidthBoundSamplesPerSecond,
    ProductShapeRates FirstLayer)
{
    /// <summary>The memory-traffic bound as a fraction of the single trial at the large batch.</summary>
    public double BoundOverLargeBatch => BandwidthBoundSamplesPerSecond / LargeBatchSamplesPerSecond;
}

/// <summary>
/// The question fusion answers: can K trials at a small B use the machine as one trial at a large
/// B does? Fused samples/s counts every member's samples (K·B per fused step).
/// Two explanations are measured beside it. Memory traffic: every fused step writes and reads
/// each member's gradient and reads and writes its weights (SGD), at least 16·K·P bytes for K·B
/// samples, so at most bandwidth·B/(16·P) samples/s whatever K is; the bandwidth is measured on
/// tensors of the group's size (in cache where they fit). Product shape: the first linear layer's
/// batched products (K products with inner dimension B) against one product over K·B samples.
/// </summary>
public static class FusedThroughputBenchmark
{
    public static FusedThroughputReport Run(string spec, long batch, int members, long largeBatch = 1024, double seconds = 1, int repeats = 5)
    {
        var before = MachineLoad.Now();
        using var data = BenchData.RandomMnist(8192);
        var fusedModels = Enumerable.Range(0, members).Select(k => TrainingLoops.Model(spec, data, k)).ToList();
        var single = TrainingLoops.Model(spec, data);
        var large = TrainingLoops.Model(spec, data);
        var timings = Measure.Alternating(
        [
            TrainingLoops.Sized(n => TrainingLoops.Fused(fusedModels, data, batch, n), seconds),
            TrainingLoops.Sized(n => TrainingLoops.Single(single, data, batch, n), seconds),
            TrainingLoops.Sized(n => TrainingLoops.Single(large, data, largeBatch, n), seconds),
        ], repeats);

        // Timings are seconds per update (per fused step for the group).
        var fused = members * batch / timings[0].Median;
        var alone = batch / timings[1].Median;
        var big = largeBatch / timings[2].Median;
        var parameters = single.parameters().Sum(p => p.numel());
        var bytesPerStep = 16.0 * members * parameters;
        var bandwidth = StreamBandwidth.GigabytesPerSecond(members * parameters);
        var first = single.modules().OfType<TorchSharp.Modules.Linear>().First().weight!.shape;
        var shapes = ProductShapes.Measure(members, batch, first[1], first[0]);
        return new FusedThroughputReport(before, MachineLoad.Now(), spec, batch, members, TorchSharp.torch.get_num_threads(),
            fused, members / timings[0].Median, alone, 1 / timings[1].Median, largeBatch, big,
            fused / alone, fused / big, alone / big, timings[0], timings[1], timings[2],
            parameters, bytesPerStep, bandwidth, bandwidth * 1e9 / bytesPerStep * members * batch, shapes);
    }
}
