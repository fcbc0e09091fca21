using BatchLab.Data;
using BatchLab.Tests.Support;
using BatchLab.Training;
using BatchLab.Training.Fused;
using static TorchSharp.torch;

namespace BatchLab.Tests.Training.Fused;

/// <summary>
/// A fused group's members evaluated in one batched pass give what each member's own evaluation
/// gives, to float32 rounding: the same error counts, and mean losses within 1e-6 (relative) of
/// the batched pass of that member alone and of the solo evaluator. Not bit for bit: the batched
/// product rounds a few samples' outputs differently with K (measured: the sums of losses agreed
/// and their sums of squares differed at 1e-10, one float32 ulp on two samples).
/// </summary>
[Collection(GlobalRandomCollection.Name)]
public class FusedEvaluationTests
{
    /// <summary>Each member trained a few fused updates (so BatchNorm's running statistics moved), then copied out.</summary>
    static List<nn.Module<Tensor, Tensor>> Trained(string spec, Dataset data, int members)
    {
        var trials = Enumerable.Range(0, members).Select(k => new TrainOptions
        {
            Batch = BatchSize.Of(8),
            Budget = new Budget(Updates: 6),
            Seed = k + 1,
            LearningRate = new LearningRateOptions(Lr: 0.05 * (k + 1)),
        }).ToList();
        var models = trials.Select(o => FusedRuns.Model(spec, data, o.Seed)).ToList();
        using var trainer = new FusedTrainer([.. models.Select((m, k) => new FusedMember(m, trials[k]))], data);
        trainer.Run();
        return models;
    }

    [Theory]
    [InlineData("mlp:16")]
    [InlineData("mlp:16x8,bn")]
    public void Batched_evaluation_matches_each_member_batched_alone_and_the_solo_evaluator_to_float_rounding(string spec)
    {
        using var data = FusedRuns.Images(n: 64, side: 6);
        var models = Trained(spec, data, 3);
        using var group = FusedNetwork.Stack(models, null);
        var split = data.Validation;
        var together = SplitEvaluation.Sums(group.Infer, 3, split, data.Task, 0, split.Count, chunk: 7);
        for (var k = 0; k < models.Count; k++)
        {
            using var alone = FusedNetwork.Stack([models[k]], null);
            var own = SplitEvaluation.Sums(alone.Infer, 1, split, data.Task, 0, split.Count, chunk: 7)[0];
            Assert.Equal((own.Count, own.Errors), (together[k].Count, together[k].Errors));
            Assert.Equal(own.Loss, together[k].Loss, 1e-6 * Math.Abs(own.Loss));

            var (loss, error) = Evaluator.Evaluate(models[k], split, data.Task);
            Assert.Equal(error, together[k].Error);
            Assert.Equal(loss, together[k].Loss, 1e-6 * Math.Abs(loss));
        }

        // The members are different models, so the comparison above compared something.
        Assert.NotEqual(together[0].LossSum, together[1].LossSum);
    }

    [Fact]
    public void Batched_evaluation_of_convolutions_matches_the_solo_evaluator_to_float_rounding()
    {
        using var data = FusedRuns.Images(n: 64, side: 12);
        var models = Trained("simple-cnn", data, 2);
        using var group = FusedNetwork.Stack(models, null);
        var together = SplitEvaluation.Sums(group.Infer, 2, data.Test, data.Task, 0, data.Test.Count);
        for (var k = 0; k < models.Count; k++)
        {
            var (loss, error) = Evaluator.Evaluate(models[k], data.Test, data.Task);
            Assert.Equal(error, together[k].Error);
            Assert.Equal(loss, together[k].Loss, 1e-5 * Math.Abs(loss));
        }
    }

    [Fact]
    public void A_split_summed_in_two_ranges_adds_up_to_the_whole()
    {
        using var data = TinyData.Classification(n: 100);
        var model = TinyData.Mlp(3);
        Tensor Forward(Tensor x) => model.call(x).unsqueeze(0);
        var whole = SplitEvaluation.Sums(Forward, 1, data.Train, data.Task, 0, 100)[0];
        var head = SplitEvaluation.Sums(Forward, 1, data.Train, data.Task, 0, 30)[0];
        var rest = SplitEvaluation.Sums(Forward, 1, data.Train, data.Task, 30, 100)[0];
        var added = head.Add(rest);
        Assert.Equal(whole.Count, added.Count);
        Assert.Equal(whole.Errors, added.Errors);
        Assert.Equal(whole.LossSum, added.LossSum, 1e-12 * Math.Abs(whole.LossSum));
    }
}
