using BatchLab.Tests.Support;
using BatchLab.Training;
using BatchLab.Training.Fused;
using BatchLab.Training.Optimizers;

namespace BatchLab.Tests.Training.Fused;

/// <summary>
/// Plain SGD with one pass per update writes W ← W − η·δᵀx straight through each member's
/// weight-gradient product. Members must still end where they would alone: 1e-9 relative in
/// float64 and 1e-4 in float32 after 50 updates (the product adds into W instead of forming the
/// gradient first, so rounding differs from the solo run in the last bits, as fusion already does).
/// </summary>
[Collection(GlobalRandomCollection.Name)]
public class FusedDirectUpdateTests
{
    static TrainOptions[] PlainSgd(Precision precision, long batch = 8) =>
    [
        new() { Batch = BatchSize.Of(batch), Budget = new Budget(Updates: 50), Precision = precision, Seed = 1, LearningRate = new(Lr: 0.05) },
        new() { Batch = BatchSize.Of(batch), Budget = new Budget(Updates: 50), Precision = precision, Seed = 2, LearningRate = new(Lr: 0.02, Schedule: ScheduleKind.Cosine, Warmup: Duration.Updates(5)) },
        new() { Batch = BatchSize.Of(batch), Budget = new Budget(Updates: 50), Precision = precision, Seed = 3, LearningRate = new(BaseLr: 0.01) },
    ];

    [Theory]
    [InlineData("mlp:16", Precision.Float64, 1e-9)]
    [InlineData("mlp:16x12,act=tanh", Precision.Float32, 1e-4)]
    [InlineData("linear", Precision.Float64, 1e-9)]
    public void Plain_sgd_members_written_through_the_products_match_their_solo_runs(string spec, Precision precision, double tolerance)
    {
        using var data = TinyData.Classification(n: 200);
        FusedRuns.AssertMatch(spec, data, PlainSgd(precision), tolerance);
    }

    [Fact]
    public void Convolutions_beside_direct_linear_layers_match_their_solo_runs()
    {
        using var data = FusedRuns.Images();
        FusedRuns.AssertMatch("lenet5", data, PlainSgd(Precision.Float64), 1e-9);
    }

    [Fact]
    public void Only_plain_sgd_with_one_pass_per_update_writes_through_the_products()
    {
        using var data = TinyData.Classification(n: 200);
        bool Direct(IReadOnlyList<TrainOptions> trials)
        {
            using var trainer = new FusedTrainer([.. trials.Select(t => new FusedMember(FusedRuns.Model("mlp:16", data, t.Seed), t))], data);
            trainer.Run();
            return trainer.WritesThroughProducts;
        }

        Assert.True(Direct(PlainSgd(Precision.Float32)));
        Assert.False(Direct([.. PlainSgd(Precision.Float32).Select(t => t with { Optimizer = new OptimizerOptions(Momentum: 0.9) })]));
        Assert.False(Direct([.. PlainSgd(Precision.Float32).Select(t => t with { MicroBatch = 4 })]));
        Assert.False(Direct([.. PlainSgd(Precision.Float32).Select(t => t with { ClipGradNorm = 1 })]));
    }

    [Fact]
    public void A_diverging_plain_member_leaves_the_others_bit_identical()
    {
        using var data = TinyData.Classification(n: 200);
        var trials = PlainSgd(Precision.Float32);
        var diverging = trials[1] with { LearningRate = new(Lr: 1e6) };

        var withIt = FusedRuns.Fused("mlp:16", data, [trials[0], diverging, trials[2]]);
        var without = FusedRuns.Fused("mlp:16", data, [trials[0], trials[2]]);
        var alone = FusedRuns.Solo("mlp:16", data, [diverging])[0].Result;

        Assert.Equal(RunEnd.Diverged, withIt[1].Result.State);
        Assert.Equal(alone.Divergence!.Update, withIt[1].Result.Divergence!.Update);
        Assert.Equal(without[0].Result.WeightsSha256, withIt[0].Result.WeightsSha256);
        Assert.Equal(without[1].Result.WeightsSha256, withIt[2].Result.WeightsSha256);
    }
}
