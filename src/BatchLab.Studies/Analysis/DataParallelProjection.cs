namespace BatchLab.Studies.Analysis;

/// <summary>
/// The cost model for K data-parallel workers, each computing B/K samples per update, then a
/// ring all-reduce of the gradient: per update t(K) = t_compute(B/K) + 2(K−1)/K · bytes / bandwidth
/// + latency. BatchLab cannot measure this: TorchSharp has no distributed training, so it is a
/// projection from the measured single-machine throughput.
/// </summary>
public sealed record ProjectionRow(int Workers, long PerWorkerBatch, double ComputeSeconds, double CommunicationSeconds, double SecondsPerUpdate, double Speedup, double? SecondsToTarget);

public sealed record DataParallelProjection(long Batch, long GradientBytes, double BandwidthBytesPerSecond, double LatencySeconds, IReadOnlyList<ProjectionRow> Rows)
{
    public const string Caveat = "TorchSharp has no distributed training: these figures come from a cost model (ring all-reduce), not a measurement.";

    /// <param name="samplesPerSecond">Measured single-worker throughput as a function of the batch size.</param>
    /// <param name="steps">Updates to the target at batch <paramref name="batch"/>, if known.</param>
    public static DataParallelProjection Project(long batch, long gradientBytes, Func<long, double> samplesPerSecond, IEnumerable<int> workers, double bandwidthBytesPerSecond, double latencySeconds, double? steps = null)
    {
        var single = batch / samplesPerSecond(batch);
        var rows = workers.Where(k => k >= 1 && k <= batch).Select(k =>
        {
            var perWorker = Math.Max(1, batch / k);
            var compute = perWorker / samplesPerSecond(perWorker);
            var communication = k == 1 ? 0 : (2.0 * (k - 1) / k * gradientBytes / bandwidthBytesPerSecond) + latencySeconds;
            var total = compute + communication;
            return new ProjectionRow(k, perWorker, compute, communication, total, single / total, steps * total);
        }).ToList();
        return new DataParallelProjection(batch, gradientBytes, bandwidthBytesPerSecond, latencySeconds, rows);
    }
}
