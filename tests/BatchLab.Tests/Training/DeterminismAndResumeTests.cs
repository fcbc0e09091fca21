using BatchLab.Tests.Support;
using BatchLab.Training;
using BatchLab.Training.Checkpoints;
using BatchLab.Training.Optimizers;

namespace BatchLab.Tests.Training;

[Collection(GlobalRandomCollection.Name)]
public class DeterminismAndResumeTests
{
    static readonly TrainOptions Options = new()
    {
        Batch = BatchSize.Of(16),
        Optimizer = new OptimizerOptions(OptimizerKind.Adam),
        LearningRate = new LearningRateOptions(Lr: 0.01, Schedule: ScheduleKind.Cosine, Warmup: Duration.Updates(5)),
        Budget = new Budget(Updates: 40),
        EvalEvery = Duration.Updates(10),
        Seed = 4,
    };

    static TrainResult Run(TrainOptions options, TrainerHooks? hooks = null, CancellationToken cancel = default)
    {
        using var data = TinyData.Classification(n: 200);
        using var trainer = new Trainer(TinyData.Mlp(seed: options.Seed), data, options, hooks);
        return trainer.Run(cancel);
    }

    [Fact]
    public void Same_seed_and_options_give_bit_identical_weights_and_metrics()
    {
        var a = Run(Options);
        var b = Run(Options);

        Assert.Equal(a.WeightsSha256, b.WeightsSha256);
        Assert.Equal(a.Final, b.Final);
        Assert.NotEqual(a.WeightsSha256, Run(Options with { Seed = 5 }).WeightsSha256);
    }

    [Fact]
    public void A_run_stopped_mid_epoch_and_resumed_ends_bit_identical_to_an_uninterrupted_one()
    {
        var uninterrupted = Run(Options);
        var folder = new CheckpointFolder(Path.Combine(Path.GetTempPath(), "batchlab-resume-" + Guid.NewGuid().ToString("N")));
        var cancel = new CancellationTokenSource();
        var stopper = new StopAfter(17, cancel);

        // 200 samples / B 16 = 13 updates per epoch: update 17 is in the middle of epoch 2.
        var first = Run(Options, new TrainerHooks { Checkpoints = folder, CheckpointEvery = Duration.Updates(17), Observers = [stopper] }, cancel.Token);
        var resumed = Run(Options, new TrainerHooks { Checkpoints = folder, Resume = true });

        Assert.Equal(RunEnd.Interrupted, first.State);
        Assert.Equal(17, first.Updates);
        Assert.Equal(uninterrupted.WeightsSha256, resumed.WeightsSha256);
        Assert.Equal(uninterrupted.Final, resumed.Final);
        Assert.Equal(uninterrupted.Samples, resumed.Samples);
    }

    [Fact]
    public void A_damaged_newest_checkpoint_falls_back_to_the_older_one()
    {
        var uninterrupted = Run(Options);
        var dir = Path.Combine(Path.GetTempPath(), "batchlab-fallback-" + Guid.NewGuid().ToString("N"));
        var cancel = new CancellationTokenSource();
        Run(Options, new TrainerHooks { Checkpoints = new CheckpointFolder(dir), CheckpointEvery = Duration.Updates(10), Observers = [new StopAfter(20, cancel)] }, cancel.Token);
        var newest = Directory.GetFiles(dir).Order().Last();
        var bytes = File.ReadAllBytes(newest);
        bytes[bytes.Length / 2] ^= 0xFF;
        File.WriteAllBytes(newest, bytes);

        var resumed = Run(Options, new TrainerHooks { Checkpoints = new CheckpointFolder(dir), Resume = true });

        Assert.Equal(uninterrupted.WeightsSha256, resumed.WeightsSha256);
    }

    [Fact]
    public void A_huge_learning_rate_ends_diverged_with_the_update_and_last_finite_loss()
    {
        // ReLU nets grow without bound under a huge step until float32 overflows (tanh nets saturate instead).
        using var data = TinyData.Classification(n: 200);
        var options = Options with { Optimizer = new OptimizerOptions(), LearningRate = new LearningRateOptions(Lr: 1e6) };
        using var trainer = new Trainer(TinyData.Mlp(seed: 1, relu: true), data, options);
        var result = trainer.Run();

        Assert.Equal(RunEnd.Diverged, result.State);
        Assert.NotNull(result.Divergence);
        Assert.True(result.Divergence!.Update >= 1 && result.Divergence.Update <= 40);
        Assert.False(double.IsFinite(result.Divergence.Loss));
        Assert.Equal(result.Divergence.Update - 1, result.Updates);
    }

    [Fact]
    public void A_target_records_the_first_update_that_meets_it_and_stops_there()
    {
        var result = Run(Options with { Target = Target.Parse("train_loss=10"), Budget = new Budget(Updates: 100), EvalEvery = Duration.Updates(3) });

        // The initial loss of a fresh net (~ln 3) already meets train_loss ≤ 10 at update 0.
        Assert.NotNull(result.Target);
        Assert.Equal(0, result.Target!.Update);
        Assert.Equal(0, result.Updates);
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
