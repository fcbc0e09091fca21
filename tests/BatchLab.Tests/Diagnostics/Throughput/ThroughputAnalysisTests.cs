using BatchLab.Diagnostics.Throughput;
using BatchLab.Runtime;

namespace BatchLab.Tests.Diagnostics.Throughput;

/// <summary>Rates, ceiling fractions and the knee computed from a fixed table of timings (no clocks involved).</summary>
public class ThroughputAnalysisTests
{
    // Seconds per update at B = 1 … 64: flat per-update cost at first (overhead-bound), then per-sample.
    static readonly (long Batch, double Seconds)[] Table = [(1, 1e-4), (2, 1e-4), (4, 1.1e-4), (8, 1.25e-4), (16, 2e-4), (32, 3.6e-4), (64, 7.5e-4)];

    static List<ThroughputRow> Rows(double flopsPerSample = 1e6, double ceilingGflops = 200) =>
        [.. Table.Select(t => ThroughputAnalysis.Row(t.Batch, 10, new Timing(t.Seconds, t.Seconds * 0.9, t.Seconds * 1.2, 5), flopsPerSample, ceilingGflops))];

    [Fact]
    public void Rates_and_fraction_of_ceiling_follow_from_the_median()
    {
        var row = Rows()[4];

        Assert.Equal(16, row.Batch);
        Assert.Equal(5000, row.UpdatesPerSecond, 9);
        Assert.Equal(80_000, row.SamplesPerSecond, 6);
        Assert.Equal(16 / 2.4e-4, row.SamplesPerSecondLow, 6);
        Assert.Equal(16 / 1.8e-4, row.SamplesPerSecondHigh, 6);
        // 80,000 samples/s × 1 MFLOP = 80 GFLOP/s of a 200 GFLOP/s ceiling.
        Assert.Equal(80, row.GflopsPerSecond, 9);
        Assert.Equal(0.4, row.FractionOfCeiling, 12);
    }

    [Fact]
    public void Knee_is_the_smallest_batch_reaching_80_percent_of_the_best_samples_per_second()
    {
        // samples/s: 10,000; 20,000; 36,364; 64,000; 80,000; 88,889; 85,333 → best 88,889 at B = 32, 80% = 71,111.
        var knee = ThroughputAnalysis.Knee(Rows());

        Assert.Equal(32, knee.BestBatch);
        Assert.Equal(32 / 3.6e-4, knee.BestSamplesPerSecond, 6);
        Assert.Equal(16, knee.Batch);
        Assert.Equal(0.8, knee.Fraction);
        Assert.Equal(8, ThroughputAnalysis.Knee(Rows(), fraction: 0.7).Batch);
        Assert.Equal(32, ThroughputAnalysis.Knee(Rows(), fraction: 1.0).Batch);
    }
}
