using BatchLab.Diagnostics.Noise;
using Xunit.Abstractions;

namespace BatchLab.Tests.Diagnostics.Noise;

/// <summary>
/// The tracker's Fieller interval for B_simple = tr Σ/|G|² on synthetic per-update readings
/// with known means: |G|² = 1 and tr Σ = 100 (B_simple = 100), each update's pair noisy and
/// negatively correlated, as the two-batch estimators are.
/// </summary>
public class RatioEstimateTests(ITestOutputHelper output)
{
    const double Truth = 100;

    static double Normal(Random random) => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    static RatioEstimate Track(Random random, double normNoise, int updates = 600)
    {
        var moments = new WeightedMoments(0.98); // about 99 effective updates
        for (var i = 0; i < updates; i++)
        {
            var (z1, z2) = (Normal(random), Normal(random));
            moments.Add(1 + (normNoise * ((-0.5 * z1) + (Math.Sqrt(0.75) * z2))), Truth + (20 * z1));
        }

        return RatioEstimate.From(moments);
    }

    [Fact]
    public void Where_G_is_resolved_the_90_percent_interval_covers_the_truth_at_least_85_percent_of_the_time()
    {
        // |G|² noise 1 per update: its smoothed mean has a standard error near 0.1, resolved 10×.
        var random = new Random(4);
        const int runs = 400;
        var covered = 0;
        for (var k = 0; k < runs; k++)
        {
            var e = Track(random, 1);
            Assert.True(e.Measurable);
            covered += e.Low <= Truth && Truth <= e.High ? 1 : 0;
        }

        output.WriteLine($"Fieller interval, |G|² resolved: coverage {(double)covered / runs:P1}");
        Assert.InRange((double)covered / runs, 0.85, 1);
    }

    [Fact]
    public void Where_G_is_barely_resolved_readings_give_an_interval_or_a_lower_bound_and_both_hold()
    {
        // |G|² noise 6 per update: a standard error near 0.6, so |G|² is often within 2 of them.
        var random = new Random(5);
        const int runs = 400;
        int held = 0, bounds = 0;
        for (var k = 0; k < runs; k++)
        {
            var e = Track(random, 6);
            bounds += e.Measurable ? 0 : 1;
            held += e.Measurable ? (e.Low <= Truth && Truth <= e.High ? 1 : 0) : (!(e.LowerBound > Truth) ? 1 : 0);
        }

        output.WriteLine($"Fieller interval, |G|² barely resolved: {bounds} of {runs} lower bounds; the stated interval or bound held in {(double)held / runs:P1}");
        Assert.InRange(bounds, runs / 10, runs - (runs / 10)); // the regime the test is about
        Assert.InRange((double)held / runs, 0.85, 1);
    }
}
