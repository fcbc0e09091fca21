using BatchLab.Adaptive;
using BatchLab.Training;
using BatchLab.Training.Adaptive;

namespace BatchLab.Tests.Training.Adaptive;

/// <summary>The B sequence each policy produces from given inputs, worked out by hand.</summary>
public class PolicyTests
{
    static readonly ThroughputTable Table = new([(32, 8000), (64, 12000), (128, 16000), (256, 18000)]);

    static BatchPlan Plan(long b0, long m, long n = 100_000) => BatchPlan.Create(BatchSize.Of(b0), m, null, n);

    static TrainCounters At(long samples) => new() { Samples = samples, Update = samples / 32 };

    [Fact]
    public void Goodput_grows_b_as_the_noise_scale_grows_and_scales_eta_by_adascales_gain()
    {
        var options = new AdaptiveBatch { Min = 32, Max = 256, Factor = 2, MinGain = 0.05 };
        var policy = new GoodputPolicy(options, Plan(32, 16), Table);

        // B_noise = 20: goodput(32) = 8000 beats goodput(64) = 12000·52/84 = 7428.6: B stays.
        Assert.Null(policy.DecideOn(new NoiseReading(20, true, 40), At(5_000)));
        Assert.Equal(32, policy.Batch);

        // B_noise = 100: goodput(64) = 9658.5 > 8000·1.05. AdaScale gain at 64: S·E = 2·132/164 = 1.6098.
        var grow = policy.DecideOn(new NoiseReading(100, true, 40), At(10_000))!;
        Assert.Equal(64, grow.Batch);
        Assert.Equal(2 * 132.0 / 164, grow.RateScale, 12);

        // B_noise = 400 from B = 64 (candidates 32, 64, 128): goodput(128) = 16000·432/528 = 13090.9 vs
        // goodput(64) = 12000·432/464 = 11172.4: B = 128, η gain 4·432/528 = 3.2727.
        var again = policy.DecideOn(new NoiseReading(400, true, 40), At(20_000))!;
        Assert.Equal(128, again.Batch);
        Assert.Equal(4 * 432.0 / 528, again.RateScale, 12);

        // B_noise = 400 again: goodput(256) = 18000·432/656 = 11853.7 < 13090.9: B stays at 128, η unchanged.
        Assert.Null(policy.DecideOn(new NoiseReading(400, true, 40), At(30_000)));
        Assert.Equal(128, policy.Batch);
    }

    [Fact]
    public void Eta_never_grows_past_its_cap()
    {
        var options = new AdaptiveBatch { Min = 32, Max = 256, Factor = 8, MinGain = 0, LrCap = 2, Lr = LrScalingRule.Linear };
        var policy = new GoodputPolicy(options, Plan(32, 16), new ThroughputTable([(32, 1000), (256, 8000)]));

        var decision = policy.DecideOn(new NoiseReading(1e6, true, 40), At(5_000))!;

        Assert.Equal(256, decision.Batch);
        Assert.Equal(2, decision.RateScale);
    }

    [Fact]
    public void Schedule_grows_b_at_the_drops_then_decays_eta_at_the_maximum()
    {
        var options = new AdaptiveBatch { Policy = BatchPolicyKind.Schedule, Min = 32, Max = 64, Factor = 2, Drops = [0.5, 0.75] };
        var policy = new SchedulePolicy(options, Plan(32, 32), totalSamples: 10_000);

        Assert.Null(policy.AfterUpdate(At(4_999)));
        Assert.Equal((64L, 1.0), (policy.AfterUpdate(At(5_000))!.Batch, policy.RateScale));
        Assert.Null(policy.AfterUpdate(At(6_000)));
        Assert.Equal((64L, 0.5), (policy.AfterUpdate(At(7_500))!.Batch, policy.RateScale));
    }

    [Fact]
    public void A_policys_state_restores_its_decisions_exactly()
    {
        var options = new AdaptiveBatch { Min = 32, Max = 256 };
        var policy = new GoodputPolicy(options, Plan(32, 16), Table);
        policy.DecideOn(new NoiseReading(100, true, 40), At(10_000));
        var restored = new GoodputPolicy(options, Plan(32, 16), new ThroughputTable([(32, 1)]));

        restored.Restore(policy.Save());

        Assert.Equal((policy.Batch, policy.RateScale), (restored.Batch, restored.RateScale));
        Assert.Equal(policy.DecideOn(new NoiseReading(400, true, 40), At(20_000)), restored.DecideOn(new NoiseReading(400, true, 40), At(20_000)));
    }

    [Theory]
    [InlineData("adaptive", BatchPolicyKind.Goodput, 32, 4096)]
    [InlineData("adaptive:policy=schedule,min=16,max=512,factor=4,drops=0.3/0.6", BatchPolicyKind.Schedule, 16, 512)]
    public void The_written_form_round_trips(string text, BatchPolicyKind policy, long min, long max)
    {
        var parsed = AdaptiveBatchSyntax.Parse(text);

        Assert.Equal((policy, min, max), (parsed.Policy, parsed.Min, parsed.Max));
        Assert.Equal(parsed, AdaptiveBatchSyntax.Parse(parsed.ToString()) with { Drops = parsed.Drops });
        Assert.Equal(parsed.Drops, AdaptiveBatchSyntax.Parse(parsed.ToString()).Drops);
    }

    [Theory]
    [InlineData("adaptive:min=0", "positive whole number")]
    [InlineData("adaptive:policy=fast", "goodput, schedule")]
    [InlineData("adaptive:size=3", "unknown key 'size'")]
    public void Bad_forms_are_refused_with_what_to_write(string text, string expected)
    {
        var e = Assert.Throws<BatchLabException>(() => AdaptiveBatchSyntax.Parse(text));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }
}
