using BatchLab.Data;
using BatchLab.Runs;
using BatchLab.Sweeps;
using BatchLab.Sweeps.Results;
using BatchLab.Training;

namespace BatchLab.Tests.Experiments;

/// <summary>
/// A study's ETA from the cost of each remaining update at its batch size: right before any trial
/// has finished, then corrected by the study's own figures. 1,000 training samples, one epoch:
/// B = 10 is 100 updates, B = 100 is 10.
/// </summary>
public sealed class StepCostEtaTests
{
    static readonly StepCosts Costs = new(1000, new Dictionary<long, double> { [10] = 0.01, [100] = 0.05 });

    static Trial At(int number, long batch, TrialState state, long? updates = null, double? seconds = null) => new(
        number, "s", number, $$"""{"batch":{{batch}},"seed":{{number}}}""",
        new RunSpec("mnist", DataOptions.Default, "mlp:8", new TrainOptions { Batch = BatchSize.Of(batch), Budget = new Budget(Epochs: 1) }).ToJson(),
        state, 0, 0, null, null, DateTimeOffset.UnixEpoch, null, null,
        updates is long u ? $$"""{"state": "COMPLETE", "updates": {{u}}, "wall_seconds": {{seconds}}}""" : null, null);

    [Fact]
    public void Before_any_trial_finishes_the_timed_steps_give_the_eta()
    {
        Trial[] trials = [At(0, 10, TrialState.Queued), At(1, 100, TrialState.Queued)];

        // 100 × 0.01 s + 10 × 0.05 s.
        Assert.Equal(1.5, StepCostEta.Of(trials, Costs, workers: 1)!.Value.TotalSeconds, 9);
        Assert.Equal(0.75, StepCostEta.Of(trials, Costs, workers: 2)!.Value.TotalSeconds, 9);
    }

    [Fact]
    public void The_study_s_own_cost_at_a_batch_size_replaces_the_timing_and_scales_the_others()
    {
        // B = 10 trained at 0.02 s per update, twice its timing: B = 100 is taken at 2 × 0.05 s.
        Trial[] trials = [At(0, 10, TrialState.Complete, 100, 2.0), At(1, 10, TrialState.Queued), At(2, 100, TrialState.Queued)];

        Assert.Equal((100 * 0.02) + (10 * 0.1), StepCostEta.Of(trials, Costs, workers: 1)!.Value.TotalSeconds, 9);
    }

    [Fact]
    public void Trials_that_stop_early_shorten_what_is_left_and_a_running_trial_counts_what_it_has_done()
    {
        // A trial pruned after a quarter of its budget: the others are expected to use a quarter too.
        Trial[] pruned = [At(0, 10, TrialState.Pruned, 25, 0.5), At(1, 10, TrialState.Queued), At(2, 100, TrialState.Queued)];
        Assert.Equal((25 * 0.02) + (2.5 * 0.1), StepCostEta.Of(pruned, Costs, workers: 1)!.Value.TotalSeconds, 9);

        Trial[] running = [At(0, 10, TrialState.Running)];
        Assert.Equal(60 * 0.01, StepCostEta.Of(running, Costs, 1, new Dictionary<long, long> { [0] = 40 })!.Value.TotalSeconds, 9);
        Assert.Equal(TimeSpan.Zero, StepCostEta.Of([At(0, 10, TrialState.Complete, 100, 1.0)], Costs, 1));
    }
}
