using static TorchSharp.torch;

namespace BatchLab.Training;

/// <summary>
/// How many intra-op threads one pass of an update is worth. A pass of M samples through a model
/// costs about M multiply-adds per weight of a dense layer and per weight and output position of a
/// convolution; below <see cref="ThreadedMacs"/> of them a second thread costs more in OpenMP
/// fork/join and MKL hand-offs (a few to tens of microseconds per operation, and far more while
/// the other core is busy) than it saves: at B = 2 a 784-256-10 MLP trains 2.2× faster on one
/// thread than on two (docs/performance.md, `bench/run step`). The count is a pure function of the
/// model's shapes and M, so a run is as deterministic as before.
/// </summary>
public static class StepWork
{
    /// <summary>Multiply-adds per pass from which a step uses every thread: 2^24 (≈ 0.1 GFLOP forward and backward, ~0.5 ms on one core).</summary>
    public const double ThreadedMacs = 1 << 24;

    /// <summary>
    /// Multiply-adds per sample, estimated from the parameters alone (so it works for TorchScript
    /// modules too): a 3-D or 4-D weight is a 1-D or 2-D convolution kernel applied at every
    /// position of the sample (an upper bound: strides and pooling are not known here), any other
    /// parameter is used once per sample.
    /// </summary>
    public static double MacsPerSample(IEnumerable<Tensor> parameters, IReadOnlyList<long> sampleShape)
    {
        var positions = sampleShape.Count > 1 ? sampleShape.Skip(1).Aggregate(1.0, (a, d) => a * d) : 1.0;
        return parameters.Sum(p => p.dim() is 3 or 4 ? p.numel() * positions : p.numel());
    }

    /// <summary>1 when a pass of <paramref name="microBatch"/> samples is below <see cref="ThreadedMacs"/>, else every thread (int.MaxValue: the caller's count).</summary>
    public static int Threads(double macsPerSample, long microBatch) =>
        macsPerSample * microBatch < ThreadedMacs ? 1 : int.MaxValue;
}
