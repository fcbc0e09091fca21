using BatchLab.Reporting.Artifacts;
using BatchLab.Studies.Analysis;
using static BatchLab.Tests.Analysis.AnalysisFixtures;

namespace BatchLab.Tests.Analysis;

public class GeneralizationAnalysisTests
{
    static List<FinishedTrial> Grid()
    {
        var outcomes = new List<FinishedTrial>();
        foreach (var seed in new long[] { 0, 1, 2 })
        {
            // B = 4: best at η̃ = 2^-4 on validation (test slightly worse than 2^-5's test: tuning must use val).
            outcomes.Add(Outcome(4, 1.0 / 32, seed, testError: 0.020 + (seed * 0.001), valError: 0.030));
            outcomes.Add(Outcome(4, 1.0 / 16, seed, testError: 0.021 + (seed * 0.001), valError: 0.025));
            outcomes.Add(Outcome(4, 1.0 / 8, seed, testError: 0.05, valError: 0.05));

            // B = 256: wider errors, the largest rate diverges in one seed only.
            outcomes.Add(Outcome(256, 1.0 / 32, seed, testError: 0.030, valError: 0.031));
            outcomes.Add(Outcome(256, 1.0 / 16, seed, testError: 0.040, valError: 0.041));
            outcomes.Add(Outcome(256, 1.0 / 8, seed, testError: double.NaN, diverged: seed == 1));
        }

        return outcomes;
    }

    [Fact]
    public void Picks_the_rate_by_validation_and_reports_test_median_and_range()
    {
        var result = GeneralizationAnalysis.Analyse(Grid());

        var small = result.ByBatch.Single(b => b.Batch == 4);
        Assert.Equal(1.0 / 16, small.BestBaseLearningRate);
        Assert.Equal(0.022, small.MedianTestError, 12);
        Assert.Equal(0.021, small.MinTestError, 12);
        Assert.Equal(0.023, small.MaxTestError, 12);
        Assert.Equal(1.0 / 32, result.ByBatch.Single(b => b.Batch == 256).BestBaseLearningRate);
    }

    [Fact]
    public void Stable_band_excludes_rates_where_any_seed_diverged_and_the_heatmap_flags_them()
    {
        var result = GeneralizationAnalysis.Analyse(Grid());

        var large = result.ByBatch.Single(b => b.Batch == 256);
        Assert.Equal(1.0 / 16, large.StableMax);
        Assert.Equal(1.0, large.StableDoublings, 12);
        Assert.Equal(2.0, result.ByBatch.Single(b => b.Batch == 4).StableDoublings, 12);
        var heatmap = ResultArtifacts.Of(result).Plots.Single(p => p.Id == "generalization_heatmap").Heatmap!;
        Assert.Equal([(2, 1)], heatmap.Flagged!); // row η̃ = 2^-3, column B = 256
    }

    [Fact]
    public void The_finding_states_the_numbers_and_the_comparison_with_masters_and_luschi()
    {
        var finding = GeneralizationAnalysis.Analyse(Grid()).Finding;

        Assert.Contains("2.20%", finding);
        Assert.Contains("B = 4", finding);
        Assert.Contains("inside that range, so this run agrees", finding);
        Assert.Contains("narrows", finding);
    }
}
