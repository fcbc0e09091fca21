using BatchLab.Diagnostics.Throughput;
using BatchLab.Runtime;
using BatchLab.Studies.Analysis;

namespace BatchLab.Tests.Analysis;

/// <summary>Timings disturbed by load are found, and a projection built on them says it is not one.</summary>
public class TimingJudgementTests
{
    [Fact]
    public void A_smaller_batch_slower_than_a_larger_one_or_unsteady_repeats_are_disturbed()
    {
        // B = 1 at 9 ms per update beside B = 2 at 0.2 ms (the "110 samples/s at B = 1" of a loaded machine),
        // and B = 32 with one repeat 60% above its median.
        (long, Timing)[] points =
        [
            (1, new Timing(9e-3, 8e-3, 9.5e-3, 3)),
            (2, new Timing(2e-4, 1.9e-4, 2.1e-4, 3)),
            (16, new Timing(4e-4, 3.9e-4, 4.1e-4, 3)),
            (32, new Timing(7e-4, 6.9e-4, 1.12e-3, 3)),
            (64, new Timing(1.3e-3, 1.25e-3, 1.35e-3, 3)),
        ];

        var disturbed = ThroughputAnalysis.Disturbed(points, maxSpread: 0.3);

        Assert.Equal([1L, 32L], disturbed.Keys);
        Assert.Contains("larger B = 2", disturbed[1], StringComparison.Ordinal);
        Assert.Empty(ThroughputAnalysis.Disturbed(points.Where(p => p.Item1 is 2 or 16 or 64).ToList(), 0.3));
    }

    [Fact]
    public void A_superlinear_or_non_monotone_projection_is_flagged_and_its_time_withheld()
    {
        // samples/s measured higher at B = 16 than at B = 32 (load while B = 32 was timed).
        double Rate(long b) => b switch { >= 32 => 10_000, 16 => 30_000, 8 => 12_000, _ => 6_000 };

        var p = DataParallelProjection.Project(32, 1000, Rate, [1, 2, 4], 1e12, 0, steps: 100);

        Assert.Null(p.Rows[0].Flag);
        Assert.Contains("superlinear", p.Rows[1].Flag, StringComparison.Ordinal);
        Assert.Null(p.Rows[1].SecondsToTarget);
        Assert.Contains("K = 2", p.Note, StringComparison.Ordinal);
        Assert.Null(DataParallelProjection.Project(32, 1000, _ => 10_000, [1, 2, 4], 1e12, 0, steps: 100).Note);
    }
}
