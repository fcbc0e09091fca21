using BatchLab.Studies.Analysis;
using BatchLab.Training;

namespace BatchLab.Tests.Analysis;

/// <summary>What the generalization analysis may call stable, best and worse: runs that never learned, rates at an edge, and under-trained large batches.</summary>
public class StudyJudgementTests
{
    static FinishedTrial Trial(long batch, double rate, long seed, double test, double val, double train, long updates = 1000, bool pruned = false, bool diverged = false)
    {
        var final = new Dictionary<string, double> { ["test_error"] = test, ["val_error"] = val, ["train_error"] = train };
        return new FinishedTrial(batch, false, rate * batch, seed, diverged, final, final, updates, updates * batch, updates * 1e-3, null, pruned, pruned ? "not learning" : null);
    }

    [Fact]
    public void Runs_at_chance_or_pruned_are_never_stable_and_the_band_says_when_the_grid_cuts_it()
    {
        List<FinishedTrial> trials = [];
        foreach (var seed in new long[] { 0, 1 })
        {
            trials.Add(Trial(8, 1.0 / 64, seed, 0.030, 0.031, 0.01));
            trials.Add(Trial(8, 1.0 / 16, seed, 0.025, 0.026, 0.005));
            trials.Add(Trial(8, 1.0 / 4, seed, 0.89, 0.89, 0.89)); // completed at chance
            trials.Add(Trial(512, 1.0 / 64, seed, 0.05, 0.05, 0.04));
            trials.Add(Trial(512, 1.0 / 16, seed, 0.9, 0.9, 0.9, pruned: true));
            trials.Add(Trial(512, 1.0 / 4, seed, double.NaN, double.NaN, double.NaN, diverged: true));
        }

        var result = GeneralizationAnalysis.Analyse(trials, chanceError: 0.887);

        Assert.False(result.Grid.Single(c => c.Batch == 8 && c.BaseLearningRate == 0.25).Stable);
        Assert.Equal(2, result.Grid.Single(c => c.Batch == 8 && c.BaseLearningRate == 0.25).ChanceSeeds);
        Assert.Equal(2, result.Grid.Single(c => c.Batch == 512 && c.BaseLearningRate == 1.0 / 16).PrunedSeeds);
        Assert.Equal(1.0 / 16, result.ByBatch.Single(b => b.Batch == 8).StableMax);
        Assert.Equal(1.0 / 64, result.ByBatch.Single(b => b.Batch == 512).StableMax);
        Assert.Contains("lower bounds", result.Finding, StringComparison.Ordinal); // both bands touch 2^-6, the smallest rate tried
        Assert.DoesNotContain(": it narrows as B grows", result.Finding, StringComparison.Ordinal);
    }

    [Fact]
    public void A_best_rate_at_the_edge_is_flagged_with_the_search_that_stopped_there()
    {
        List<FinishedTrial> trials = [];
        foreach (var rate in new[] { 1.0 / 64, 1.0 / 16, 1.0 / 4 })
        {
            trials.Add(Trial(2048, rate, 0, 0.1 + rate, 0.1 + rate, 0.05 + rate));
        }

        var search = new RateSearchResult(true, 3, "base_lr", [new RateSearchBatch(2048, [1.0 / 256, 1.0 / 1024, 1.0 / 4096], [], true, false)]);
        var best = GeneralizationAnalysis.Analyse(trials, search: search).ByBatch.Single();
        var fixedGrid = GeneralizationAnalysis.Analyse(trials);

        Assert.Equal(RateEdge.Lowest, best.Edge);
        Assert.Contains("cap", best.EdgeNote, StringComparison.Ordinal);
        Assert.Contains("Flag — best rate at the edge", fixedGrid.Finding, StringComparison.Ordinal);
        Assert.Contains("fixed grid", fixedGrid.ByBatch.Single().EdgeNote, StringComparison.Ordinal);
    }

    [Fact]
    public void A_large_batch_that_did_not_fit_the_training_set_is_under_trained_not_worse_at_generalizing()
    {
        List<FinishedTrial> trials = [];
        foreach (var seed in new long[] { 0, 1 })
        {
            trials.Add(Trial(2, 1.0 / 256, seed, 0.021 + (seed * 0.001), 0.022, 0.004, updates: 82_500));
            trials.Add(Trial(2048, 1.0 / 1024, seed, 0.80 + (seed * 0.001), 0.80, 0.71, updates: 81));
        }

        var finding = GeneralizationAnalysis.Analyse(trials).Finding;

        Assert.StartsWith("B = 2 reaches the lowest validation error", finding, StringComparison.Ordinal);
        Assert.Contains("B = 2,048 is under-trained at this budget", finding, StringComparison.Ordinal);
        Assert.Contains("--updates 82,500", finding, StringComparison.Ordinal);
        Assert.Contains("training 71.00%", finding, StringComparison.Ordinal);
        Assert.DoesNotContain("generalizes worse", finding, StringComparison.Ordinal);

        // Both fitted the training set: then the larger test error is a generalization gap.
        var fitted = trials.Select(t => t.Batch == 2048 ? t with { Final = new Dictionary<string, double>(t.Final) { ["train_error"] = 0.006 } } : t).ToList();
        Assert.Contains("B = 2,048 generalizes worse", GeneralizationAnalysis.Analyse(fitted).Finding, StringComparison.Ordinal);
    }

    [Fact]
    public void The_best_batch_size_is_chosen_on_validation_even_when_test_says_otherwise()
    {
        List<FinishedTrial> trials = [Trial(8, 0.01, 0, test: 0.030, val: 0.020, train: 0.01), Trial(64, 0.01, 0, test: 0.025, val: 0.028, train: 0.01)];

        var result = GeneralizationAnalysis.Analyse(trials);
        var recommendation = Recommender.Recommend(new RecommendationInputs(55_000, result.ByBatch));

        Assert.StartsWith("B = 8 reaches the lowest validation error", result.Finding, StringComparison.Ordinal);
        Assert.Equal(8, recommendation.Batch);
    }

    [Fact]
    public void Steps_to_target_are_interpolated_between_evaluations()
    {
        // Evaluations at 0.1 epoch: val_error 0.06 at update 550, 0.04 at update 1100: the 0.05 crossing is at 825.
        var hit = new TargetHit("val_error", 0.05, 0.04, 1100, 8800, 0.2, 2.2, new TargetApproach(550, 4400, 1.1, 0.06));

        Assert.Equal(825, hit.CrossingUpdate, 9);
        Assert.Equal(6600, hit.CrossingSamples, 9);
        Assert.Equal(1.65, hit.CrossingStepSeconds, 9);
        Assert.Equal(1100, (hit with { Before = null }).CrossingUpdate);
    }
}
