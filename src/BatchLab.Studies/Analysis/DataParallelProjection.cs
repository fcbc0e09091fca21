namespace BatchLab.Studies.Analysis;

/// <summary>
/// The cost model for K data-parallel workers, each computing B/K samples per update, then a
/// ring all-reduce of the gradient: per update t(K) = t_compute(B/K) + 2(K−1)/K · bytes / bandwidth
/// + latency. BatchLab cannot measure this: TorchSharp has no distributed training, so it is a
/// projection from the measured single-machine throughput.
/// </summary>
public sealed record ProjectionRow(int Workers, long PerWorkerBatch, double ComputeSeconds, double CommunicationSeconds, double SecondsPerUpdate, double Speedup, double? SecondsToTarget)
{
    /// <summary>Why this row is not a projection to rely on (superlinear, or compute that grows as the share shrinks); null when it is one.</summary>
    public string? Flag { get; init; }
}

public sealed record DataParallelProjection(long Batch, long GradientBytes, double BandwidthBytesPerSecond, double LatencySeconds, IReadOnlyList<ProjectionRow> Rows)
{
    public const string Caveat = "TorchSharp has no distributed training: these figures come from a cost model (ring all-reduce), not a measurement.";

    /// <summary>
    /// What is wrong with the projection, said where it is shown: K workers can at best divide the
    /// compute by K, and a smaller share per worker cannot take longer to compute. A row that
    /// breaks either comes from the throughput measured at B/K (load on the machine, or a cache
    /// effect the cost model does not describe), so its time to target is withheld. Null when every row is sound.
    /// </summary>
    public string? Note => Rows.Any(r => r.Flag is not null)
        ? "Not a projection to rely on at " + string.Join("; ", Rows.Where(r => r.Flag is not null).Select(r => $"K = {r.Workers}: {r.Flag}"))
            + ". The cause is the measured samples/s at the smaller per-worker batch (load on the machine while it was timed, or a cache effect); those rows' times to target are withheld."
        : null;

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
        for (var i = 0; i < rows.Count; i++)
        {
            var r = rows[i];
            var computeSpeedup = single / r.ComputeSeconds;
            string? flag = computeSpeedup > r.Workers * 1.02
                ? $"superlinear: the compute alone would run {Text.NumberFormat.General.Format(computeSpeedup)}× faster on {r.Workers} workers"
                : i > 0 && r.ComputeSeconds > rows[i - 1].ComputeSeconds * 1.02
                    ? $"non-monotone: computing B/K = {r.PerWorkerBatch:N0} samples takes longer ({Text.NumberFormat.General.Format(r.ComputeSeconds * 1e3)} ms) than B/K = {rows[i - 1].PerWorkerBatch:N0} ({Text.NumberFormat.General.Format(rows[i - 1].ComputeSeconds * 1e3)} ms)"
                    : null;
            if (flag is not null)
            {
                rows[i] = r with { Flag = flag, SecondsToTarget = null };
            }
        }

        return new DataParallelProjection(batch, gradientBytes, bandwidthBytesPerSecond, latencySeconds, rows);
    }
}
