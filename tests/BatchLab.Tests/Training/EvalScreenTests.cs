using BatchLab.Data;
using BatchLab.Tests.Support;
using BatchLab.Tests.Training.Fused;
using BatchLab.Training;
using static TorchSharp.torch;

namespace BatchLab.Tests.Training;

/// <summary>
/// The evaluation screen's rule (<see cref="EvalScreen"/>): whole splits before the first update,
/// at the end, for the target's split until it is met, and for the training split where pruning
/// could turn on it; a screen elsewhere. The screen changes no weight, so a run with it and one
/// without train identically and must agree on everything the rule keeps whole.
/// </summary>
[Collection(GlobalRandomCollection.Name)]
public class EvalScreenTests
{
    sealed class Evaluations : ITrainingObserver
    {
        public List<EvaluationRecord> Seen { get; } = [];

        public void OnEvaluation(EvaluationRecord evaluation) => Seen.Add(evaluation);
    }

    /// <summary>Images 1×6×6 in 4 classes by one random linear map: 1,200 training samples and 400 each of validation and test, every split longer than the screen of 100.</summary>
    static Dataset Data()
    {
        using var generator = new Generator(11, CPU);
        var w = randn([36, 4], generator: generator);
        TensorSplit Split(long count)
        {
            var x = randn([count, 1, 6, 6], generator: generator);
            return new TensorSplit(x, x.reshape(count, -1).matmul(w).argmax(1));
        }

        return new Dataset
        {
            Name = "screen-images",
            Task = TaskKind.Classification,
            Classes = 4,
            SampleShape = [1, 6, 6],
            Train = Split(1200),
            Validation = Split(400),
            Test = Split(400),
            Provenance = "random, seed 11",
        };
    }

    static TrainOptions Trial(long seed, EvalScreen? screen) => new()
    {
        Batch = BatchSize.Of(16),
        Budget = new Budget(Updates: 150),
        EvalEvery = Duration.Updates(10),
        Seed = seed,
        LearningRate = new LearningRateOptions(Lr: 0.1),
        Target = new Target("val_error", 0.45, Stop: false),
        Screen = screen,
    };

    static readonly EvalScreen Screen = new(Samples: 100, Sigmas: 4);

    static (TrainResult Result, List<EvaluationRecord> Seen) Solo(Dataset data, TrainOptions options)
    {
        var seen = new Evaluations();
        using var trainer = new Trainer(FusedRuns.Model("mlp:32", data, options.Seed), data, options, new TrainerHooks { Observers = [seen] });
        return (trainer.Run(), seen.Seen);
    }

    [Fact]
    public void A_screened_run_reads_whole_splits_where_the_rule_promises_and_ends_as_the_unscreened_run()
    {
        using var data = Data();
        var (plain, plainSeen) = Solo(data, Trial(1, null));
        var (screened, seen) = Solo(data, Trial(1, Screen));

        // The target is met mid-run, so the rule's every case occurs.
        var hit = Assert.IsType<TargetHit>(screened.Target);
        Assert.InRange(hit.Update, 10, 140);

        Assert.Empty(seen[0].Screened);                                   // before the first update
        Assert.Empty(seen[^1].Screened);                                   // at the end
        Assert.Equal(150, seen[^1].Update);
        Assert.All(seen.Where(e => e.Update <= hit.Update), e => Assert.DoesNotContain("val_error", e.Screened)); // the target's split until met
        Assert.Contains(seen, e => e.Screened.Contains("test_error"));     // elsewhere, a screen
        Assert.All(seen.Where(e => e.Update > hit.Update && e.Update < 150), e => Assert.Contains("val_error", e.Screened));

        // Same training, so the same weights; whole splits where the rule keeps them whole.
        Assert.Equal(plain.WeightsSha256, screened.WeightsSha256);
        Assert.Equal(plain.Final, screened.Final);                         // bitwise: the same solo evaluator on the same weights
        Assert.Equal(plain.Target!.Update, hit.Update);
        Assert.Equal(plain.Target.Value, hit.Value);                       // an error rate: a count over the whole split
        Assert.Equal(plain.Target.Before!.Update, hit.Before!.Update);
        Assert.Equal(plain.Target.Before.Value, hit.Before.Value);
        Assert.Equal(plainSeen.Select(e => e.Update), seen.Select(e => e.Update));
    }

    [Fact]
    public void A_fused_group_with_a_screen_ends_as_its_unscreened_twin()
    {
        using var data = Data();
        List<TrainOptions> Group(EvalScreen? screen) => [Trial(1, screen), Trial(2, screen) with { LearningRate = new LearningRateOptions(Lr: 0.03) }];
        var plain = FusedRuns.Fused("mlp:32", data, Group(null));
        var screened = FusedRuns.Fused("mlp:32", data, Group(Screen));
        for (var k = 0; k < 2; k++)
        {
            Assert.Equal(plain[k].Result.WeightsSha256, screened[k].Result.WeightsSha256);
            Assert.Equal(plain[k].Result.Final, screened[k].Result.Final);
            Assert.Equal(plain[k].Result.Target?.Update, screened[k].Result.Target?.Update);
            Assert.Equal(plain[k].Result.Target?.Value, screened[k].Result.Target?.Value);
        }
    }

    [Fact]
    public void Pruning_decides_on_the_whole_training_split_when_the_screen_is_near_its_threshold()
    {
        using var data = Data();
        var stuck = Trial(1, null) with { LearningRate = new LearningRateOptions(Lr: 1e-9), Pruning = new Pruning(After: 0.25, ChanceMargin: 0.02) };
        var (plain, _) = Solo(data, stuck);
        var (screened, seen) = Solo(data, stuck with { Screen = Screen });
        Assert.Equal(RunEnd.Pruned, plain.State);
        Assert.Equal(plain.State, screened.State);
        Assert.Equal(plain.Updates, screened.Updates);
        Assert.Equal(plain.PruneReason, screened.PruneReason);
        Assert.All(seen.Where(e => e.Update >= Math.Ceiling(0.25 * 150)), e => Assert.DoesNotContain("train_error", e.Screened));
    }

    [Theory]
    [InlineData(100, 10, 0.5, true)]   // 10% against 50%: 4 standard errors are about 13 points
    [InlineData(100, 40, 0.5, false)]  // 40% against 50%: within 4 standard errors
    [InlineData(100, 60, 0.5, false)]  // above the threshold
    public void ClearlyBelow_counts_binomial_standard_errors(long count, long errors, double threshold, bool below)
    {
        var sums = new SplitSums(count, LossSum: 0, LossSquares: 0, Errors: errors);
        Assert.Equal(below, EvalScreen.Default.ClearlyBelow(sums, "train_error", threshold));
    }
}
