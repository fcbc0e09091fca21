using BatchLab.Diagnostics.Throughput;
namespace BatchLab.Studies.Findings;

/// <summary>The finding of a <see cref="ThroughputResult"/>, every number computed from it.</summary>
public static class ThroughputFinding
{
    public static string Describe(ThroughputResult r)
    {
        var k = r.Knee;
        var first = r.Rows.MinBy(x => x.Batch)!;
        var best = r.Rows.Single(x => x.Batch == k.BestBatch);
        var atKnee = r.Rows.Single(x => x.Batch == k.Batch);
        var speedup = best.SamplesPerSecond / first.SamplesPerSecond;
        return $"On {r.Where}, {r.Model} trains at {first.SamplesPerSecond:N0} samples/s at B = {first.Batch} and at most {best.SamplesPerSecond:N0} samples/s "
            + $"(B = {best.Batch}), {speedup:F0}× faster per sample. The knee — the smallest B reaching {k.Fraction:P0} of the best — is B = {k.Batch} "
            + $"({atKnee.SamplesPerSecond:N0} samples/s, {atKnee.UpdatesPerSecond:N0} updates/s): below it the hardware is mostly idle, "
            + (k.Batch == k.BestBatch ? "and no larger batch measured was faster. Counting" : $"above it a larger batch buys at most {best.SamplesPerSecond / atKnee.SamplesPerSecond:F2}× more samples/s. Counting")
            + $" {r.TrainingFlopsPerSample / 1e6:G3} MFLOP per training sample, the best rate is "
            + $"{best.GflopsPerSecond:F1} GFLOP/s, {best.FractionOfCeiling:P0} of the {r.Ceiling.GflopsPerSecond:F0} GFLOP/s a {r.Ceiling.Size}² float32 matmul reaches here "
            + $"({first.FractionOfCeiling:P1} at B = {first.Batch})."
            + (best.FractionOfCeiling > 1 ? " Above 100% means the ceiling measurement itself was slowed (other processes on the machine?): rerun it on a quiet machine." : "");
    }
}
