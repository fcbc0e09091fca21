using BatchLab.Models;
using BatchLab.Tests.Support;
using BatchLab.Training;
using BatchLab.Training.Checkpoints;
using BatchLab.Training.Fused;
using BatchLab.Training.Optimizers;

namespace BatchLab.Tests.Training.Fused;

/// <summary>Members leaving a group (divergence, target), checkpoints per member, and what cannot be fused.</summary>
[Collection(GlobalRandomCollection.Name)]
public class FusedGroupTests
{
    static TrainOptions Trial(long seed, double lr, Precision precision = Precision.Float32) => new()
    {
        Batch = BatchSize.Of(16),
        Budget = new Budget(Updates: 40),
        EvalEvery = Duration.Updates(10),
        Precision = precision,
        Seed = seed,
        LearningRate = new LearningRateOptions(Lr: lr),
        Optimizer = new OptimizerOptions(Momentum: 0.9),
    };

    static string Temp(string name) => Path.Combine(Path.GetTempPath(), $"batchlab-{name}-{Guid.NewGuid():N}");

    [Fact]
    public void A_diverging_member_ends_alone_and_leaves_the_others_bit_identical()
    {
        using var data = TinyData.Classification(n: 200);
        var (a, diverging, b) = (Trial(1, 0.05), Trial(2, 1e6) with { Optimizer = new OptimizerOptions() }, Trial(3, 0.02));

        var withIt = FusedRuns.Fused("mlp:16", data, [a, diverging, b]);
        var without = FusedRuns.Fused("mlp:16", data, [a, b]);
        var alone = FusedRuns.Solo("mlp:16", data, [diverging])[0].Result;

        var ended = withIt[1].Result;
        Assert.Equal(RunEnd.Diverged, ended.State);
        Assert.Equal(alone.Divergence!.Update, ended.Divergence!.Update);
        Assert.Equal(alone.Updates, ended.Updates);
        Assert.True(ended.Updates < 40);
        Assert.Equal(RunEnd.Complete, withIt[0].Result.State);
        Assert.Equal(40, withIt[2].Result.Updates);
        Assert.Equal(without[0].Result.WeightsSha256, withIt[0].Result.WeightsSha256);
        Assert.Equal(without[1].Result.WeightsSha256, withIt[2].Result.WeightsSha256);
        Assert.Equal(without[0].Result.Final, withIt[0].Result.Final);
    }

    [Fact]
    public void A_member_that_meets_its_stopping_target_leaves_while_the_others_train_on()
    {
        using var data = TinyData.Classification(n: 200);
        var results = FusedRuns.Fused("mlp:16", data, [Trial(1, 0.05), Trial(2, 0.05) with { Target = Target.Parse("train_loss=10") }]);

        // A fresh net's loss (~ln 3) already meets train_loss ≤ 10 at the first evaluation.
        Assert.Equal(0, results[1].Result.Updates);
        Assert.Equal(0, results[1].Result.Target!.Update);
        Assert.Equal(40, results[0].Result.Updates);
    }

    [Fact]
    public void An_interrupted_group_resumes_from_its_member_checkpoints_bit_identical()
    {
        using var data = TinyData.Classification(n: 200);
        TrainOptions[] trials = [Trial(1, 0.05), Trial(2, 0.02), Trial(3, 0.01)];
        var uninterrupted = FusedRuns.Fused("mlp:16", data, trials);
        var folders = trials.Select(_ => new CheckpointFolder(Temp("fused-resume"))).ToArray();
        var cancel = new CancellationTokenSource();

        // 200 samples / B 16 = 13 updates per epoch: update 17 is in the middle of epoch 2.
        var first = FusedRuns.Fused("mlp:16", data, trials, k => new TrainerHooks
        {
            Checkpoints = folders[k],
            CheckpointEvery = Duration.Updates(17),
            Observers = k == 0 ? [new StopAfter(17, cancel)] : [],
        }, cancel.Token);
        var resumed = FusedRuns.Fused("mlp:16", data, trials, k => new TrainerHooks { Checkpoints = folders[k], Resume = true });

        Assert.All(first, m => Assert.Equal(RunEnd.Interrupted, m.Result.State));
        Assert.All(first, m => Assert.Equal(17, m.Result.Updates));
        for (var k = 0; k < trials.Length; k++)
        {
            Assert.Equal(uninterrupted[k].Result.WeightsSha256, resumed[k].Result.WeightsSha256);
            Assert.Equal(uninterrupted[k].Result.Final, resumed[k].Result.Final);
        }
    }

    [Fact]
    public void A_member_checkpoint_resumes_as_a_solo_run()
    {
        using var data = TinyData.Classification(n: 200);
        TrainOptions[] trials = [Trial(1, 0.05, Precision.Float64), Trial(2, 0.02, Precision.Float64)];
        var folder = new CheckpointFolder(Temp("fused-to-solo"));
        var cancel = new CancellationTokenSource();
        FusedRuns.Fused("mlp:16", data, trials, k => new TrainerHooks
        {
            Checkpoints = k == 1 ? folder : null,
            CheckpointEvery = Duration.Updates(20),
            Observers = k == 0 ? [new StopAfter(20, cancel)] : [],
        }, cancel.Token);

        var model = FusedRuns.Model("mlp:16", data, seed: 99); // any weights: the checkpoint replaces them
        using (var trainer = new Trainer(model, data, trials[1], new TrainerHooks { Checkpoints = folder, Resume = true }))
        {
            Assert.Equal(40, trainer.Run().Updates);
        }

        var alone = FusedRuns.Solo("mlp:16", data, [trials[1]])[0].State;
        Assert.True(FusedRuns.MaxRelativeDifference(alone, FusedRuns.Copy(model)) < 1e-9);
    }

    [Theory]
    [InlineData("resnet8", "ResNet is not a sequence of layers")]
    [InlineData("vgg16", "'drop6' (Dropout) has no fused form")]
    public void Models_without_a_fused_form_are_named_with_what_to_do(string spec, string reason)
    {
        using var model = ModelZoo.BuildWithoutWeights(spec, spec == "vgg16" ? ModelCatalog.ImageNet : ModelCatalog.Mnist);

        Assert.False(FusedArchitecture.IsFusable(model, out var message));
        Assert.Contains(reason, message);
        Assert.Contains("--fuse off", message);
    }

    [Fact]
    public void A_group_of_an_unsupported_model_fails_before_training()
    {
        using var data = FusedRuns.Images(n: 32);
        var members = new[] { 1L, 2L }.Select(s => new FusedMember(FusedRuns.Model("resnet8", data, s), Trial(s, 0.1))).ToList();

        var error = Assert.Throws<BatchLabException>(() => new FusedTrainer(members, data));
        Assert.Contains("cannot be trained fused", error.Message);
    }

    [Theory]
    [InlineData("simple-cnn", 3_274_634L, 89_866L)] // conv 32·28², relu, pool 32·14², conv 64·14², relu, pool, flatten 64·7², fc 1024, relu, fc 10
    [InlineData("lenet5", 61_706L, 15_002L)]
    [InlineData("mlp:256", 203_530L, 784L + 256 + 256 + 10)]
    public void Capacity_counts_five_copies_of_the_weights_and_three_of_the_activations(string spec, long parameters, long activations)
    {
        var bytes = FusedCapacity.BytesPerMember(spec, ModelCatalog.Mnist, microBatch: 32);

        Assert.Equal(4 * ((5 * parameters) + (3 * 32 * activations)), bytes);
        Assert.Equal(3, FusedCapacity.Members(spec, ModelCatalog.Mnist, 32, budgetBytes: (3 * bytes) + 1));
        Assert.Equal(FusedCapacity.MaxMembers, FusedCapacity.Members(spec, ModelCatalog.Mnist, 32, budgetBytes: long.MaxValue));
    }

    [Theory]
    [InlineData("batch")]
    [InlineData("optimizer")]
    [InlineData("precision")]
    public void Members_that_differ_in_a_shared_option_are_refused(string field)
    {
        var a = Trial(1, 0.1);
        var b = field switch
        {
            "batch" => a with { Batch = BatchSize.Of(8) },
            "optimizer" => a with { Optimizer = new OptimizerOptions(OptimizerKind.Adam) },
            _ => a with { Precision = Precision.Float64 },
        };

        var error = Assert.Throws<BatchLabException>(() => FusedCompatibility.Check([a, b]));
        Assert.Contains($"share the {field}", error.Message);
        Assert.NotEqual(FusedCompatibility.Key(a), FusedCompatibility.Key(b));
        Assert.Equal(FusedCompatibility.Key(a), FusedCompatibility.Key(a with { Seed = 7, LearningRate = new LearningRateOptions(BaseLr: 1e-3) }));
    }

    /// <summary>Requests cancellation once a given update was applied.</summary>
    sealed class StopAfter(long update, CancellationTokenSource cancel) : ITrainingObserver
    {
        public void OnUpdate(in UpdateRecord record)
        {
            if (record.Update >= update)
            {
                cancel.Cancel();
            }
        }
    }
}
