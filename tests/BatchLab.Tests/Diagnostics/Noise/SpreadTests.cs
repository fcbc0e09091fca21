using BatchLab.Diagnostics.Noise;
using Xunit.Abstractions;

namespace BatchLab.Tests.Diagnostics.Noise;

/// <summary>The percentile bootstrap over draws, on synthetic draws whose answer is known.</summary>
public class SpreadTests(ITestOutputHelper output)
{
    static double Normal(Random random) => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    [Fact]
    public void The_90_percent_interval_of_a_mean_covers_the_true_mean_at_least_85_percent_of_the_time()
    {
        // 300 samples of 40 normal draws, 400 resamples each: a few million additions, well under a second.
        var random = new Random(1);
        const int studies = 300, draws = 40;
        var covered = 0;
        for (var k = 0; k < studies; k++)
        {
            var x = Enumerable.Range(0, draws).Select(_ => 10 + (3 * Normal(random))).ToArray();
            var s = Spread.Bootstrap(draws, 400, k, pick => pick.Average(i => x[i]));
            covered += s.Low <= 10 && 10 <= s.High ? 1 : 0;
            Assert.InRange(s.Std, 0.2, 0.8); // σ/√n = 0.47
        }

        output.WriteLine($"Spread.Bootstrap of a mean: coverage {(double)covered / studies:P1}");
        Assert.InRange((double)covered / studies, 0.85, 1);
    }

    /// <summary>
    /// B_simple = T/G from draws whose mean G (|G|² = 1) is resolved about one standard error
    /// from zero: many resamples have |G|² ≤ 0. Counted as B_simple = ∞ they keep the interval
    /// around its estimate and its truth (100); dropped, they moved the percentiles down until an
    /// interval could exclude its own estimate.
    /// </summary>
    [Fact]
    public void Resamples_with_no_resolved_signal_count_as_infinite_and_leave_a_lower_bound_that_covers()
    {
        var random = new Random(2);
        const int studies = 300, draws = 30;
        int covered = 0, oneSided = 0;
        for (var k = 0; k < studies; k++)
        {
            var g = Enumerable.Range(0, draws).Select(_ => 1 + (5 * Normal(random))).ToArray();
            var t = Enumerable.Range(0, draws).Select(_ => 100 + (10 * Normal(random))).ToArray();
            double Ratio(int[] pick)
            {
                var mean = pick.Average(i => g[i]);
                return mean > 0 ? pick.Average(i => t[i]) / mean : double.PositiveInfinity;
            }

            var s = Spread.Bootstrap(draws, 400, k, Ratio);
            var estimate = Ratio([.. Enumerable.Range(0, draws)]);
            covered += s.Low <= 100 && 100 <= s.High ? 1 : 0;
            oneSided += s.LowerBoundOnly ? 1 : 0;
            Assert.InRange(estimate, s.Low, s.High);
            Assert.Equal(s.LowerBoundOnly, s.Unbounded >= 0.05 * s.Resamples);
        }

        output.WriteLine($"Spread.Bootstrap of T/G with |G|² near its noise: coverage {(double)covered / studies:P1}, one-sided {oneSided} of {studies}");
        Assert.InRange((double)covered / studies, 0.85, 1);
        Assert.InRange(oneSided, studies / 10, studies); // the regime the test is about
    }

    [Fact]
    public void Undefined_resamples_are_left_out_and_an_all_finite_spread_has_no_unbounded_count()
    {
        var s = Spread.Bootstrap(10, 200, 3, pick => pick[0] == 0 ? double.NaN : pick.Average());

        Assert.Equal(0, s.Unbounded);
        Assert.InRange(s.Resamples, 150, 199); // about 1 in 10 picks draw 0 first
        Assert.False(s.LowerBoundOnly);
        Assert.True(s.Low < s.High);
    }
}
