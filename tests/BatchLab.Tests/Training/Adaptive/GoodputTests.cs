using BatchLab.Adaptive;

namespace BatchLab.Tests.Training.Adaptive;

/// <summary>Pollux's goodput arithmetic, against numbers worked out by hand.</summary>
public class GoodputTests
{
    // Measured samples/s: per-sample cost falls as B grows (a 2-core CPU's curve, roughly).
    static readonly ThroughputTable Table = new([(32, 8000), (64, 12000), (128, 16000), (256, 18000)]);

    [Fact]
    public void Efficiency_is_one_at_the_base_batch_and_falls_as_b_passes_the_noise_scale()
    {
        Assert.Equal(1.0, Goodput.Efficiency(32, 100, 32), 15);
        Assert.Equal(132.0 / 164, Goodput.Efficiency(64, 100, 32), 15);   // 0.805
        Assert.Equal(132.0 / 1124, Goodput.Efficiency(1024, 100, 32), 15); // 0.117: mostly wasted samples
    }

    [Fact]
    public void The_best_goodput_wins_when_it_beats_the_current_b_by_the_margin()
    {
        // B_noise = 100: goodput(32) = 8000; goodput(64) = 12000·132/164 = 9658.5; goodput(128) = 16000·132/228 = 9263.2.
        var candidates = Goodput.Evaluate([32, 64, 128], Table.SamplesPerSecond, noiseScale: 100, baseBatch: 32);

        Assert.Equal(9658.536585365853, candidates[1].Goodput, 9);
        Assert.Equal(9263.157894736842, candidates[2].Goodput, 9);
        Assert.Equal(64, Goodput.Choose(candidates, current: 32, minGain: 0.05).Batch);
    }

    [Fact]
    public void A_gain_below_the_margin_keeps_the_current_b()
    {
        // At B = 128 (9263) the best, B = 64 (9659), is only 4.3% better: below a 5% margin it stays.
        var candidates = Goodput.Evaluate([64, 128, 256], Table.SamplesPerSecond, noiseScale: 100, baseBatch: 32);

        Assert.Equal(128, Goodput.Choose(candidates, current: 128, minGain: 0.05).Batch);
        Assert.Equal(64, Goodput.Choose(candidates, current: 128, minGain: 0.04).Batch);
    }

    [Fact]
    public void Throughput_between_measured_sizes_is_interpolated_on_log_log_axes()
    {
        // B = 96 lies log2(1.5) = 0.585 of the way from 64 to 128: 12000·(16000/12000)^0.585 = 14,199.
        Assert.Equal(12000 * Math.Pow(16000.0 / 12000, Math.Log2(1.5)), Table.SamplesPerSecond(96), 9);
        Assert.Equal(14199.26, Table.SamplesPerSecond(96), 2);
        Assert.Equal(18000, Table.SamplesPerSecond(4096));          // flat beyond the largest
        Assert.Equal(8000.0 * 16 / 32, Table.SamplesPerSecond(16)); // overhead-bound below the smallest
    }
}
