using BatchLab.Diagnostics.Noise;
using BatchLab.Tests.Support;
using BatchLab.Training;

namespace BatchLab.Tests.Diagnostics.Noise;

/// <summary>The estimate tracked from micro-batch and batch gradients during training.</summary>
[Collection(GlobalRandomCollection.Name)]
public class NoiseScaleTrackerTests
{
    static TrainOptions Options(long batch, long? micro, double lr, Budget budget, Duration? evalEvery = null) => new()
    {
        Batch = BatchSize.Of(batch),
        MicroBatch = micro,
        LearningRate = new LearningRateOptions(Lr: lr),
        Budget = budget,
        EvalEvery = evalEvery,
        Precision = Precision.Float64,
        Seed = 5,
    };

    [Fact]
    public void At_fixed_weights_the_tracked_estimate_converges_to_the_exact_values()
    {
        using var problem = new KnownRegression();
        var (exactSquaredNorm, exactTrace) = problem.ExactFromPerSampleGradients();
        // η = 1e-12 leaves the weights where they are: every update samples the same statistics.
        var options = Options(256, 32, 1e-12, new Budget(Updates: 2000));
        var tracker = NoiseScaleTracker.For(options.Plan(problem.Data.Train.Count), smoothing: 0.999);
        using (var trainer = new Trainer(problem.Model, problem.Data, options, new TrainerHooks { Probe = tracker, Metrics = [tracker] }))
        {
            trainer.Run();
        }

        var e = tracker.Current!;
        Assert.Equal(2000, tracker.Estimates);
        Assert.InRange(e.GradientSquaredNorm / exactSquaredNorm, 0.9, 1.1);
        Assert.InRange(e.TraceCovariance / exactTrace, 0.9, 1.1);
        Assert.InRange(e.NoiseScale / (exactTrace / exactSquaredNorm), 0.9, 1.1);
    }

    [Fact]
    public void Noise_scale_grows_as_the_loss_falls_and_reaches_every_evaluation()
    {
        // From ‖δ‖ = 3 the closed form gives B_simple ≈ 17; near w* it grows like dσ²/‖δ‖².
        using var problem = new KnownRegression(deltaNorm: 3);
        // M = 8 of B = 64: a wide gap between the two sizes gives a steadier estimate than M = B/2.
        var options = Options(64, 8, 0.02, new Budget(Epochs: 2.5), Duration.Parse("0.5ep"));
        var tracker = NoiseScaleTracker.For(options.Plan(problem.Data.Train.Count), smoothing: 0.95, samplesPerEstimate: 1);
        var evaluations = new Recorder();
        using (var trainer = new Trainer(problem.Model, problem.Data, options, new TrainerHooks { Probe = tracker, Metrics = [tracker], Observers = [evaluations] }))
        {
            trainer.Run();
        }

        // Near w* B_simple outgrows B = 64 and the last evaluations may only bound it from below.
        var tracked = evaluations.Values.Where(v => v.ContainsKey("noise_scale")).ToList();
        var bounded = evaluations.Values.Where(v => v.ContainsKey("noise_scale_lower_bound")).ToList();
        Assert.False(evaluations.Values[0].ContainsKey("noise_scale"));
        Assert.Equal(evaluations.Values.Count - 1, tracked.Count + bounded.Count);
        Assert.True(tracked.Count >= 3);
        Assert.True(bounded.All(b => b["noise_scale_lower_bound"] > tracked[0]["noise_scale"]));
        var trace = string.Join("; ", tracked.Select(v => $"loss {v["train_loss"]:G3} B_simple {v["noise_scale"]:G3}"));
        Assert.True(tracked[^1]["train_loss"] < tracked[0]["train_loss"] / 5, trace);
        Assert.True(tracked.Zip(tracked.Skip(1)).All(p => p.Second["noise_scale"] > p.First["noise_scale"]), trace);
        Assert.True(tracked[^1]["noise_scale"] > 3 * tracked[0]["noise_scale"], trace);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(8)]
    public void Below_B_simple_the_tracker_says_not_measurable_instead_of_a_confident_wrong_value(long batch)
    {
        // ‖δ‖ = 0.14 puts B_simple near 220 (the regime where the old ratio read 0.7–150):
        // at fixed weights every reading must either hold the exact value in its 90% interval or
        // decline to give one. Five sampler seeds; at B = 2 the |G|² estimates cannot be resolved.
        using var problem = new KnownRegression(deltaNorm: 0.14);
        var (g, t) = problem.ExactFromPerSampleGradients();
        var truth = t / g;
        Assert.InRange(truth, 150, 300);
        var declined = 0;
        for (var seed = 0; seed < 5; seed++)
        {
            var options = Options(batch, batch / 2, 1e-12, new Budget(Updates: 2000)) with { Seed = seed };
            var tracker = NoiseScaleTracker.For(options.Plan(problem.Data.Train.Count), samplesPerEstimate: 1);
            using (var trainer = new Trainer(problem.Model, problem.Data, options, new TrainerHooks { Probe = tracker, Metrics = [tracker] }))
            {
                trainer.Run();
            }

            var r = tracker.Ratio!;
            if (!r.Measurable)
            {
                declined++;
                Assert.False(r.LowerBound >= truth, $"seed {seed}: lower bound {r.LowerBound} above the truth {truth}");
                continue;
            }

            Assert.InRange(truth, r.Low, r.High);
        }

        if (batch == 2)
        {
            Assert.Equal(5, declined);
        }
    }

    [Fact]
    public void Above_B_simple_the_interval_holds_the_exact_value()
    {
        using var problem = new KnownRegression(deltaNorm: 0.14);
        var (g, t) = problem.ExactFromPerSampleGradients();
        var options = Options(1024, 128, 1e-12, new Budget(Updates: 400));
        var tracker = NoiseScaleTracker.For(options.Plan(problem.Data.Train.Count), smoothing: 0.99);
        using (var trainer = new Trainer(problem.Model, problem.Data, options, new TrainerHooks { Probe = tracker, Metrics = [tracker] }))
        {
            trainer.Run();
        }

        var r = tracker.Ratio!;
        Assert.True(r.Measurable);
        Assert.InRange(t / g, r.Low, r.High);
        Assert.True(r.High / r.Low < 2, $"interval {r.Low} to {r.High}");
    }

    [Fact]
    public void Small_batches_estimate_once_per_256_samples()
    {
        using var problem = new KnownRegression(train: 1024);
        var options = Options(64, 16, 1e-12, new Budget(Updates: 40));
        var tracker = NoiseScaleTracker.For(options.Plan(problem.Data.Train.Count));
        using (var trainer = new Trainer(problem.Model, problem.Data, options, new TrainerHooks { Probe = tracker }))
        {
            trainer.Run();
        }

        // B = 64: every fourth update (updates 0, 4, …, 36).
        Assert.Equal(10, tracker.Estimates);
    }

    [Fact]
    public void Tracking_needs_a_micro_batch_below_the_batch()
    {
        var plain = Options(64, null, 0.1, new Budget());

        Assert.Equal(32, NoiseTracking.WithTwoBatchSizes(plain, 1000).MicroBatch);
        Assert.Equal(16, NoiseTracking.WithTwoBatchSizes(plain with { MicroBatch = 16 }, 1000).MicroBatch);
        Assert.Equal(24, NoiseTracking.WithTwoBatchSizes(plain with { NormBatch = 8, Batch = BatchSize.Of(50) }, 1000).MicroBatch);
        Assert.Contains("--micro-batch 32", Assert.Throws<BatchLabException>(() => NoiseTracking.WithTwoBatchSizes(plain with { MicroBatch = 64 }, 1000)).Message, StringComparison.Ordinal);
        Assert.Contains("B ≥ 2", Assert.Throws<BatchLabException>(() => NoiseTracking.WithTwoBatchSizes(plain with { Batch = BatchSize.Of(1) }, 1000)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_batch_norm_model_without_G_cannot_be_replayed_with_another_M_and_says_so()
    {
        var plain = Options(64, null, 0.1, new Budget());
        var tracked = NoiseTracking.WithTwoBatchSizes(plain, 1000);

        Assert.Null(NoiseTracking.NotAReplay(plain, tracked, hasBatchNorm: false, 1000)); // no BatchNorm: M changes nothing
        Assert.Contains("cannot replay", NoiseTracking.NotAReplay(plain, tracked, hasBatchNorm: true, 1000), StringComparison.Ordinal);
        var ghost = plain with { NormBatch = 16 };
        Assert.Null(NoiseTracking.NotAReplay(ghost, NoiseTracking.WithTwoBatchSizes(ghost, 1000), hasBatchNorm: true, 1000)); // G fixed: M is free
        var given = plain with { MicroBatch = 16 };
        Assert.Null(NoiseTracking.NotAReplay(given, NoiseTracking.WithTwoBatchSizes(given, 1000), hasBatchNorm: true, 1000)); // the trial's own M is kept
        Assert.Contains("results depend on M", plain.Plan(1000).NormBatchWarning(hasBatchNorm: true), StringComparison.Ordinal);
        Assert.Null(ghost.Plan(1000).NormBatchWarning(hasBatchNorm: true));
    }

    sealed class Recorder : ITrainingObserver
    {
        public List<IReadOnlyDictionary<string, double>> Values { get; } = [];

        public void OnEvaluation(EvaluationRecord evaluation) => Values.Add(evaluation.Values);
    }
}
