using BatchLab.Studies.Analysis;

namespace BatchLab.Tests.Analysis;

public class RecommenderTests
{
    static BatchBest Best(long b, double median, double spread, double rate = 0.01) =>
        new(b, false, rate, median, median - spread, median + spread, rate / 4, rate * 4);

    static BatchSteps Steps(long b, double steps, double secondsPerUpdate, double rate = 0.01) =>
        new(b, false, rate, steps, steps * b, secondsPerUpdate, 3, 3);

    [Fact]
    public void Among_statistically_tied_batch_sizes_takes_the_one_fastest_to_target_and_caps_the_micro_batch()
    {
        // Each B's steps are at the rate of its best validation cell: the prediction is that cell's own.
        var inputs = new RecommendationInputs(
            TrainSize: 55_000,
            Generalization: [Best(8, 0.020, 0.002), Best(64, 0.021, 0.002, rate: 0.005), Best(1024, 0.030, 0.002)],
            Steps: [Steps(8, 20_000, 0.0004), Steps(64, 3_000, 0.0006, rate: 0.005), Steps(1024, 800, 0.005)],
            MaxMicroBatch: 40,
            Critical: new CriticalBatch(367, 200, 500, 200));

        var r = Recommender.Recommend(inputs);

        Assert.Equal(64, r.Batch); // 1024 is worse than the best by more than the spread; 64 beats 8 on time (1.8 s vs 8 s)
        Assert.Equal(32, r.MicroBatch); // largest power of two ≤ 40
        Assert.Equal(64 * 0.005, r.LearningRate!.Value, 12);
        Assert.Equal(3_000 * 0.0006, r.ExpectedSecondsToTarget!.Value, 12);
        Assert.Equal(4, r.Reasons.Count);
        Assert.StartsWith("B = 64 is below the critical batch", r.Reasons[1], StringComparison.Ordinal);
        Assert.StartsWith("B = 64 lies within the interval", Recommender.Recommend(inputs with { Critical = new CriticalBatch(100, 40, 300, 200) }).Reasons[1], StringComparison.Ordinal);

        // Steps measured at another rate than the chosen cell's predict nothing for it.
        var otherRate = Recommender.Recommend(inputs with { Steps = [Steps(8, 20_000, 0.0004), Steps(64, 1_000, 0.0006, rate: 0.01), Steps(1024, 800, 0.005)] });
        Assert.Equal(8, otherRate.Batch);
        Assert.Equal(20_000 * 0.0004, otherRate.ExpectedSecondsToTarget!.Value, 12);
    }

    /// <summary>
    /// B = 32: η̃ = 2^-9 ends best on validation (2.0%) but needs 3,000 updates; η̃ = 2^-6 needs 1,000 and
    /// ends at 2.6%. B = 128 at 2^-6 is fastest overall (400 updates) at 2.9%. One seed-spread of
    /// ±0.1 point and 10,000 validation samples (binomial SE 0.14 point) make a band of ±0.17 point.
    /// </summary>
    public static List<FinishedTrial> MixedRateStudy()
    {
        const double slow = 1.0 / 512, fast = 1.0 / 64;
        List<FinishedTrial> trials = [];
        foreach (var (seed, wiggle) in new[] { (0L, -0.001), (1L, 0.0), (2L, 0.001) })
        {
            trials.Add(AnalysisFixtures.Outcome(32, slow, seed, 0.021, 0.020 + wiggle, stepsToTarget: 3000, secondsPerUpdate: 5e-4));
            trials.Add(AnalysisFixtures.Outcome(32, fast, seed, 0.027, 0.026 + wiggle, stepsToTarget: 1000, secondsPerUpdate: 5e-4));
            trials.Add(AnalysisFixtures.Outcome(128, slow, seed, 0.031, 0.030 + wiggle, stepsToTarget: 900, secondsPerUpdate: 1e-3));
            trials.Add(AnalysisFixtures.Outcome(128, fast, seed, 0.030, 0.029 + wiggle, stepsToTarget: 400, secondsPerUpdate: 1e-3));
        }

        return trials;
    }

    [Fact]
    public void The_predicted_time_is_the_recommended_cells_own_and_the_fastest_cell_is_offered_apart()
    {
        var evidence = StudyEvidence.Of(MixedRateStudy(), chanceError: null, chanceMargin: 0.02, solo: b => new SoloStepTime(b, b == 32 ? 1e-3 : 2e-3, 0, 0));

        var r = Recommender.Recommend(evidence.Inputs(55_000, selectionSamples: 10_000));

        Assert.Equal(32, r.Batch);
        Assert.Equal(1.0 / 512, r.BaseLearningRate!.Value, 15);
        Assert.Equal(3000, r.ExpectedUpdatesToTarget!.Value, 9); // not the 1,000 updates of B = 32 at 2^-6
        Assert.Equal(3.0, r.ExpectedSecondsToTarget!.Value, 9);
        var t = r.TradeOff!;
        Assert.Equal(Math.Sqrt((0.001 * 0.001) + (0.02 * 0.98 / 10_000)), t.Band.Width, 12);
        Assert.True(t.Lowest.Same(t.Recommended));
        var speed = t.SpeedAlternative!;
        Assert.Equal((128L, 1.0 / 64), (speed.Batch, speed.BaseLearningRate));
        Assert.Equal(0.8, speed.Seconds, 9);
        var lines = t.Lines("val_error ≤ 0.05");
        Assert.StartsWith("For speed: B = 128 at η̃ = 2⁻⁶ is 3.75× faster to val_error ≤ 0.05 (", lines[1], StringComparison.Ordinal);
        Assert.Contains("but ends 0.9 points worse on validation (2.90% against 2.00%), beyond the band", lines[1], StringComparison.Ordinal);

        // A wider band (one seed, 500 validation samples: SE 0.63 point) ties 2^-6 at B = 32 in, and it is faster.
        var oneSeed = StudyEvidence.Of([.. MixedRateStudy().Where(o => o.Seed == 1)], null, 0.02, b => new SoloStepTime(b, b == 32 ? 1e-3 : 2e-3, 0, 0));
        var wide = Recommender.Recommend(oneSeed.Inputs(55_000, selectionSamples: 500));
        Assert.Equal((32L, 1.0 / 64), (wide.Batch, wide.BaseLearningRate!.Value));
        Assert.Equal(1.0, wide.ExpectedSecondsToTarget!.Value, 9);
        Assert.Contains("Lowest final error: B = 32 at η̃ = 2⁻⁹", wide.TradeOff!.Lines("the target")[^1], StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_study_uses_the_noise_scale()
    {
        var r = Recommender.Recommend(new RecommendationInputs(TrainSize: 55_000, NoiseScale: 700, HardwareKnee: 256, ProbedBaseLearningRate: 1.0 / 1024));

        Assert.Equal(512, r.Batch);
        Assert.Equal(0.5, r.LearningRate!.Value, 12);
        Assert.Contains("B_simple", r.Reasons[0]);
    }

    [Fact]
    public void Data_parallel_projection_follows_the_ring_all_reduce_model()
    {
        // 1,000 samples/s at any batch size; 4 MB of gradient over 1 GB/s with 1 ms latency.
        var p = DataParallelProjection.Project(256, 4_000_000, _ => 1000, [1, 4], 1e9, 1e-3, steps: 100);

        Assert.Equal(0.256, p.Rows[0].SecondsPerUpdate, 12);
        var four = p.Rows[1];
        Assert.Equal(64, four.PerWorkerBatch);
        Assert.Equal((2.0 * 3 / 4 * 4e6 / 1e9) + 1e-3, four.CommunicationSeconds, 12);
        Assert.Equal(0.256 / (0.064 + 0.007), four.Speedup, 9);
        Assert.Equal(100 * 0.071, four.SecondsToTarget!.Value, 9);
    }
}
