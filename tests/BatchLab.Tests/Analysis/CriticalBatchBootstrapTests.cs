using BatchLab.Studies.Analysis;
using Xunit.Abstractions;
using static BatchLab.Tests.Analysis.AnalysisFixtures;

namespace BatchLab.Tests.Analysis;

/// <summary>
/// The B_crit interval on synthetic studies with a known answer: updates to target
/// S(B) = S_min(1 + B_noise/B) at each batch size's best rate, slower at the other rates, each
/// seed off by a lognormal factor. The rate that is best moves with B, as in real grids.
/// </summary>
public class CriticalBatchBootstrapTests(ITestOutputHelper output)
{
    const double MinSteps = 200, NoiseScale = 64, Scatter = 0.15;

    static readonly double[] RateFactors = [1, 1.4, 2.5];

    static List<FinishedTrial> Study(Random random, long[] batches, int seeds, Func<long, double>? steps = null, double scatter = Scatter)
    {
        var outcomes = new List<FinishedTrial>();
        foreach (var (b, i) in batches.Select((b, i) => (b, i)))
        {
            for (var r = 0; r < RateFactors.Length; r++)
            {
                var factor = RateFactors[(r + i) % RateFactors.Length]; // the best rate shifts with B
                for (var seed = 0; seed < seeds; seed++)
                {
                    var s = (steps?.Invoke(b) ?? (MinSteps * (1 + (NoiseScale / b)))) * factor * Math.Exp(scatter * Normal(random));
                    outcomes.Add(Outcome(b, Math.Pow(2, -r - 4), seed, 0.02, stepsToTarget: (long)Math.Round(s)));
                }
            }
        }

        return outcomes;
    }

    static double Normal(Random random) => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public void The_90_percent_interval_covers_the_true_B_noise_at_least_85_percent_of_the_time(int seeds)
    {
        // 200 synthetic studies × 200 refits: about a second. Fixed seed: the figure is the same every run.
        var random = new Random(seeds);
        const int studies = 200;
        var covered = 0;
        var widths = new List<double>();
        for (var k = 0; k < studies; k++)
        {
            var c = StepsToTargetAnalysis.Analyse(Study(random, [8, 32, 128, 512, 2048], seeds)).Critical!;
            Assert.True(c.HasInterval, c.NoInterval);
            covered += c.Low <= NoiseScale && NoiseScale <= c.High ? 1 : 0;
            widths.Add(c.High / c.Low);
        }

        var coverage = (double)covered / studies;
        output.WriteLine($"B_crit interval, {seeds} seeds: coverage {coverage:P1} over {studies} studies; median High/Low {Stats.Median(widths):G3}");
        Assert.InRange(coverage, 0.85, 1);
    }

    [Fact]
    public void Covers_the_truth_with_four_batch_sizes_too()
    {
        var random = new Random(11);
        const int studies = 200;
        var covered = 0;
        for (var k = 0; k < studies; k++)
        {
            var c = StepsToTargetAnalysis.Analyse(Study(random, [16, 64, 256, 1024], 2)).Critical!;
            covered += c.Low <= NoiseScale && NoiseScale <= c.High ? 1 : 0;
        }

        output.WriteLine($"B_crit interval, 4 batch sizes, 2 seeds: coverage {(double)covered / studies:P1}");
        Assert.InRange((double)covered / studies, 0.85, 1);
    }

    [Theory]
    [InlineData(3, 2, "3 batch sizes, 2 seeds")]
    [InlineData(5, 1, "5 batch sizes, one seed")]
    public void Gives_no_interval_below_4_batch_sizes_and_2_seeds_and_says_why(int batchCount, int seeds, string counted)
    {
        var batches = new long[] { 8, 32, 128, 512, 2048 }.Take(batchCount).ToArray();

        var result = StepsToTargetAnalysis.Analyse(Study(new Random(3), batches, seeds));

        Assert.False(result.Critical!.HasInterval);
        Assert.Contains(counted, result.Critical.NoInterval, StringComparison.Ordinal);
        Assert.Contains("at least 4 batch sizes", result.Finding, StringComparison.Ordinal);
        Assert.DoesNotContain("bootstrap refits", result.Finding, StringComparison.Ordinal);
    }

    [Fact]
    public void Flags_a_fit_at_its_search_bound_and_leaves_the_interval_open_above()
    {
        // Perfect scaling over the whole grid: S = 10^6/B halves with every doubling, so B_noise is
        // beyond any B tried and the fit runs to the top of its search.
        var result = StepsToTargetAnalysis.Analyse(Study(new Random(5), [8, 32, 128, 512], 2, b => 1e6 / b));

        Assert.True(result.Fit!.AtBound);
        Assert.True(result.Critical!.AtBound);
        Assert.True(double.IsPositiveInfinity(result.Critical.High));
        Assert.Contains("search bound", result.Finding, StringComparison.Ordinal);
        Assert.Contains("no upper bound", result.Finding, StringComparison.Ordinal);
    }

    [Fact]
    public void Flags_steps_the_curve_does_not_describe()
    {
        // S ∝ B^-½ everywhere bends nowhere like S_min(1 + B_noise/B); with 1% seed scatter the
        // residuals are far beyond what the seeds explain.
        var result = StepsToTargetAnalysis.Analyse(Study(new Random(9), [1, 4, 16, 64, 256, 1024, 4096], 3, b => 1e5 / Math.Sqrt(b), scatter: 0.01));

        Assert.NotNull(result.Critical!.Misfit);
        Assert.Contains("does not describe these steps", result.Finding, StringComparison.Ordinal);
    }
}
