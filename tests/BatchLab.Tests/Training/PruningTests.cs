using BatchLab.Tests.Diagnostics.Noise;
using BatchLab.Tests.Support;
using BatchLab.Tests.Training.Fused;
using BatchLab.Training;

namespace BatchLab.Tests.Training;

/// <summary>A run that is clearly not learning stops early as PRUNED, alone and fused alike; one that learns is never stopped.</summary>
[Collection(GlobalRandomCollection.Name)]
public class PruningTests
{
    [Fact]
    public void A_classifier_is_pruned_at_chance_after_the_warm_up_and_never_while_it_learns()
    {
        var rule = new Pruning(After: 0.25, ChanceMargin: 0.02);
        var atChance = new Dictionary<string, double> { ["train_loss"] = 2.35, ["train_error"] = 0.875 };
        var learning = new Dictionary<string, double> { ["train_loss"] = 2.45, ["train_error"] = 0.72 }; // loss above its start, error well below chance
        var slow = new Dictionary<string, double> { ["train_loss"] = 2.29, ["train_error"] = 0.875 }; // a small rate: still at chance, but its loss is falling

        Assert.Null(rule.Check(atChance, update: 24, totalUpdates: 100, startLoss: 2.3, chanceError: 0.887)); // before a quarter of the budget
        Assert.Contains("at chance", rule.Check(atChance, 25, 100, 2.3, 0.887), StringComparison.Ordinal);
        Assert.Null(rule.Check(learning, 50, 100, 2.3, 0.887));
        Assert.Null(rule.Check(slow, 25, 100, 2.3, 0.887)); // pruned on the trend, not the level (issue 22 item 9)
        Assert.Contains("at chance", rule.Check(slow, 25, 100, startLoss: null, 0.887), StringComparison.Ordinal); // no start to compare with: the level decides
        Assert.Null(rule.Check(atChance, 50, totalUpdates: null, 2.3, 0.887)); // a time budget: no fraction to wait for
    }

    [Fact]
    public void A_regression_whose_loss_grows_is_pruned_at_the_same_update_alone_and_fused()
    {
        // SGD at η = 2.2 on E[xxᵀ] = I overshoots: the loss grows every update, finite for 40 updates.
        using var problem = new KnownRegression(train: 1024);
        var growing = Options(lr: 2.2, seed: 1);
        var learning = Options(lr: 0.05, seed: 2);

        var solo = FusedRuns.Solo("linear", problem.Data, [growing, learning, growing with { Pruning = null }]);
        var fused = FusedRuns.Fused("linear", problem.Data, [growing, learning]);

        Assert.Equal((RunEnd.Pruned, 10L), (solo[0].Result.State, solo[0].Result.Updates));
        Assert.Contains("not below its start", solo[0].Result.PruneReason, StringComparison.Ordinal);
        Assert.Equal((RunEnd.Complete, 40L), (solo[1].Result.State, solo[1].Result.Updates));
        Assert.Equal((RunEnd.Complete, 40L), (solo[2].Result.State, solo[2].Result.Updates)); // --no-prune trains it to the end
        Assert.Equal((RunEnd.Pruned, 10L), (fused[0].Result.State, fused[0].Result.Updates));
        Assert.Equal((RunEnd.Complete, 40L), (fused[1].Result.State, fused[1].Result.Updates));
        Assert.Equal(solo[1].Result.Final["train_loss"], fused[1].Result.Final["train_loss"], 1e-9);
    }

    static TrainOptions Options(double lr, long seed) => new()
    {
        Batch = BatchSize.Of(64),
        Budget = new Budget(Updates: 40),
        EvalEvery = Duration.Updates(5),
        Precision = Precision.Float64,
        LearningRate = new LearningRateOptions(Lr: lr),
        Seed = seed,
        Pruning = new Pruning(After: 0.25),
    };
}
