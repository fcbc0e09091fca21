using BatchLab.Studies.Analysis;

namespace BatchLab.Tests.Analysis;

public class RecommenderTests
{
    static BatchBest Best(long b, double median, double spread, double rate = 0.01) =>
        new(b, false, rate, median, median - spread, median + spread, rate / 4, rate * 4);

    static BatchSteps Steps(long b, double steps, double secondsPerUpdate) =>
        new(b, false, 0.01, steps, steps * b, secondsPerUpdate, 3, 3);

    [Fact]
    public void Among_statistically_tied_batch_sizes_takes_the_one_fastest_to_target_and_caps_the_micro_batch()
    {
        var inputs = new RecommendationInputs(
            TrainSize: 55_000,
            Generalization: [Best(8, 0.020, 0.002), Best(64, 0.021, 0.002, rate: 0.005), Best(1024, 0.030, 0.002)],
            Steps: [Steps(8, 20_000, 0.0004), Steps(64, 3_000, 0.0006), Steps(1024, 800, 0.005)],
            MaxMicroBatch: 40,
            Critical: new CriticalBatch(367, 200, 500, 200));

        var r = Recommender.Recommend(inputs);

        Assert.Equal(64, r.Batch); // 1024 is worse than the best by more than the spread; 64 beats 8 on time (1.8 s vs 8 s)
        Assert.Equal(32, r.MicroBatch); // largest power of two ≤ 40
        Assert.Equal(64 * 0.005, r.LearningRate!.Value, 12);
        Assert.Equal(3_000 * 0.0006, r.ExpectedSecondsToTarget!.Value, 12);
        Assert.Equal(4, r.Reasons.Count);
        Assert.StartsWith("B = 64 is below the critical batch B_crit = E_min/S_min = 367 (90% interval 200 to 500)", r.Reasons[1], StringComparison.Ordinal);
        Assert.StartsWith("B = 64 lies within the interval", Recommender.Recommend(inputs with { Critical = new CriticalBatch(100, 40, 300, 200) }).Reasons[1], StringComparison.Ordinal);
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
