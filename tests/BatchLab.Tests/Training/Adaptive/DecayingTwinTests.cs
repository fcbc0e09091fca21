using BatchLab.Adaptive;
using BatchLab.Studies;
using BatchLab.Sweeps.Specs;
using BatchLab.Training;
using BatchLab.Training.Adaptive;

namespace BatchLab.Tests.Training.Adaptive;

/// <summary>
/// Smith et al.'s decaying twin of the schedule policy, as the adaptive preset trains it: B fixed at
/// B₀, η ÷ factor exactly where the policy multiplies B.
/// </summary>
public class DecayingTwinTests
{
    /// <summary>MNIST's 60,000 training images less the 5,000 held out for validation: 32 does not divide it (the last update of an epoch has 24).</summary>
    const long MnistTrain = 55_000;

    static TrainOptions PresetRun(string batchValue)
    {
        var spec = StudyPresets.Get("adaptive").Sweep;
        var point = spec.Points().First(p => p.Values.Any(v => v.Key == "batch" && v.Value.Word is { } w && w.StartsWith(batchValue, StringComparison.Ordinal)));
        return point.Apply(spec.Base).Train;
    }

    [Fact]
    public void The_presets_twin_drops_eta_at_exactly_the_updates_where_the_schedule_policy_grows_B()
    {
        var twin = PresetRun("decay:");
        var adaptive = PresetRun("adaptive:policy=schedule");
        var plan = twin.Plan(MnistTrain);
        var ledger = new RunLedger(plan, twin, new TrainerHooks());
        var policy = BatchPolicies.With(new TrainerHooks(), adaptive, MnistTrain).BatchPolicy!;

        // Walk the twin's updates (1,718 of 32 and one of 24 per epoch); the policy sees the same
        // samples until it grows B, and its second growth falls where an epoch ends, whatever its B.
        var (grows, drops, samplesAtDrops) = (new List<long>(), new List<long>(), new List<long>());
        var counters = new TrainCounters();
        for (long u = 0; u < ledger.TotalUpdates; u++)
        {
            if (u > 0 && ledger.Schedule.At(u) < ledger.Schedule.At(u - 1))
            {
                drops.Add(u);
                samplesAtDrops.Add(counters.Samples);
            }

            counters.Samples += (u + 1) % plan.UpdatesPerEpoch == 0 ? plan.LastUpdateSize : plan.Batch;
            counters.Update = u + 1;
            if (policy.AfterUpdate(counters) is not null)
            {
                grows.Add(u + 1); // the first update at the new B
            }
        }

        Assert.Equal((32L, ScheduleKind.Step, 0.5), (plan.Batch, twin.LearningRate.Schedule, twin.LearningRate.DropFactor));
        Assert.Equal(6_876, ledger.TotalUpdates); // ⌈4 × 1,719⌉
        Assert.Equal([3_438L, 5_157], drops); // after epochs 2 and 3: half and three quarters of the budget
        Assert.Equal(drops, grows);
        Assert.Equal([110_000L, 165_000], samplesAtDrops); // 0.5 and 0.75 of the policy's 220,000 samples
        Assert.Equal(128, policy.Batch); // 32 × 2 × 2
        Assert.Equal(1.0 / 256 * 32 / 4, ledger.Schedule.At(6_875), 15); // η̃·B₀ ÷ 2 ÷ 2
    }

    [Fact]
    public void A_decay_value_is_one_batch_value_that_fixes_B_and_steps_eta_down_by_the_factor()
    {
        var values = GridSyntax.Parse("32,adaptive:policy=schedule,min=32,decay:b=32,factor=4,drops=0.3/0.6", "--batch");
        var decay = RateDecay.Parse(values[2].Word!);
        var run = GridAxis.Create("batch", values, "--batch").Values[2] is var v ? GridAxes.Batch.Apply(StudyPresets.Get("adaptive").Sweep.Base, v).Train : null;

        Assert.Equal(3, values.Count);
        Assert.Equal("decay:b=32,factor=4,drops=0.3/0.6", decay.ToString());
        Assert.Equal("η ÷ 4 at 30% and 60%", decay.Describe());
        Assert.Equal((32L, ScheduleKind.Step, 0.25), (run!.Batch.Samples, run.LearningRate.Schedule, run.LearningRate.DropFactor));
        Assert.Equal([0.3, 0.6], run.LearningRate.Drops!);
        Assert.Null(run.Adaptive);
        Assert.True(decay.Twins(new AdaptiveBatch { Policy = BatchPolicyKind.Schedule, Min = 32, Factor = 4, Drops = [0.6, 0.3] }));
        Assert.False(decay.Twins(new AdaptiveBatch { Policy = BatchPolicyKind.Schedule, Min = 32, Factor = 2, Drops = [0.3, 0.6] }));
        Assert.False(decay.Twins(new AdaptiveBatch { Policy = BatchPolicyKind.Goodput, Min = 32, Factor = 4, Drops = [0.3, 0.6] }));
        Assert.True(RateDecay.Parse("decay:b=32").Twins(new AdaptiveBatch { Policy = BatchPolicyKind.Schedule, Min = 32 })); // both default to ÷ 2 at 0.5 and 0.75
        Assert.Contains("factor", Assert.Throws<BatchLabException>(() => RateDecay.Parse("decay:b=32,factor=0.5")).Message, StringComparison.Ordinal);
        Assert.Contains("b (the fixed batch size) is missing", Assert.Throws<BatchLabException>(() => RateDecay.Parse("decay:factor=2")).Message, StringComparison.Ordinal);
    }
}
