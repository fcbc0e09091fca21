using BatchLab.Studies.Advice;

namespace BatchLab.Tests.Training.Adaptive;

/// <summary>`advise` recommends growing B only when the noise scale moves the best-goodput B.</summary>
public class AdaptiveAdviceTests
{
    // Throughput saturating at 256·k samples/s: T(B) = k·B/(1 + B/256). Goodput ∝ T(B)/(B_noise + B)
    // peaks at B* = √(256·B_noise): 64 for B_noise = 16, 512 for B_noise = 1024.
    static double Throughput(long b) => 1000.0 * b / (1 + (b / 256.0));

    [Fact]
    public void A_noise_scale_that_grows_64_fold_recommends_a_goodput_schedule_from_its_first_to_its_last_best_b()
    {
        var advice = AdaptiveAdvice.From([16, 40, 200, 1024], Throughput, trainSize: 55_000)!;

        Assert.True(advice.Recommended);
        Assert.Equal((64L, 512L), (advice.BestBatchStart, advice.BestBatchEnd));
        Assert.Equal("adaptive:policy=goodput,min=64,max=2048", advice.BatchOption);
        Assert.True(advice.LateGoodputGain > 1.5, $"late gain {advice.LateGoodputGain}");
    }

    [Fact]
    public void A_flat_noise_scale_does_not_recommend_it()
    {
        var advice = AdaptiveAdvice.From([16, 18, 15, 17], Throughput, trainSize: 55_000)!;

        Assert.False(advice.Recommended);
        Assert.Null(advice.BatchOption);
        Assert.Equal(64L, advice.BestBatchStart);
    }
}
