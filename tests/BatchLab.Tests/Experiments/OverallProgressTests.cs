using BatchLab.Data;
using BatchLab.Runs;
using BatchLab.Studies.Progress;
using BatchLab.Sweeps;
using BatchLab.Sweeps.Results;
using BatchLab.Training;

namespace BatchLab.Tests.Experiments;

/// <summary>
/// A study's one overall progress (issue 27): its ETA from what an update costs at each batch size
/// — timed up front, then measured on the running trials — not from the count of finished trials;
/// and a fraction over every stage that never goes back when a rate-search round or a rung adds
/// trials. 1,000 training samples, one epoch: B = 10 is 100 updates, B = 100 is 10. The clock is
/// the test's own.
/// </summary>
public sealed class OverallProgressTests
{
    static readonly StepCosts Costs = new(1000, new Dictionary<long, double> { [10] = 0.01, [100] = 0.05 });

    static RunSpec Spec(long batch) => new("mnist", DataOptions.Default, "mlp:8", new TrainOptions { Batch = BatchSize.Of(batch), Budget = new Budget(Epochs: 1) });

    static Trial At(int number, long batch, TrialState state, long? updates = null, double? seconds = null) => new(
        number, "s", number, $$"""{"batch":{{batch}},"seed":{{number}}}""", Spec(batch).ToJson(),
        state, 0, 0, null, null, DateTimeOffset.UnixEpoch, null, null,
        updates is long u ? $$"""{"state": "COMPLETE", "updates": {{u}}, "wall_seconds": {{seconds}}}""" : null, null);

    [Fact]
    public void The_eta_is_the_updates_left_at_each_batch_size_times_its_measured_cost()
    {
        var now = TimeSpan.Zero;
        var tracker = new StudyProgressTracker(1000, Costs, workers: 1, () => now);
        tracker.PlanDiagnostics([]);
        tracker.PlanReport(0); // the report's floor: ReportSeconds
        Trial[] trials = [At(0, 10, TrialState.Running), At(1, 100, TrialState.Queued)];

        // Before any update: the timed steps. 100 × 0.01 s + 10 × 0.05 s, and the report.
        tracker.ObserveSweep(trials, [new RunningTrial(0, 0)]);
        Assert.Equal(1.5 + StudyProgressTracker.ReportSeconds, tracker.Current.Eta!.Value.TotalSeconds, 9);

        // 10 s later trial 0 is at update 50: B = 10 costs 0.2 s per update on this machine, 20×
        // its timing, so B = 100 is taken at 20 × 0.05 s. Nothing has finished.
        now = TimeSpan.FromSeconds(10);
        tracker.ObserveSweep(trials, [new RunningTrial(0, 50)]);
        var p = tracker.Current;
        Assert.Equal(0.2, p.SecondsPerUpdate[10], 9);
        Assert.Equal(1.0, p.SecondsPerUpdate[100], 9);
        Assert.Equal((50 * 0.2) + (10 * 1.0) + StudyProgressTracker.ReportSeconds, p.Eta!.Value.TotalSeconds, 9);
        Assert.Equal((50 * 0.2) / (10 + 20 + StudyProgressTracker.ReportSeconds), p.Fraction, 9);
    }

    [Fact]
    public void A_worker_shared_by_a_fused_group_and_a_finished_trial_give_the_cost_per_update()
    {
        var now = TimeSpan.Zero;
        var tracker = new StudyProgressTracker(1000, Costs, workers: 2, () => now);
        tracker.PlanDiagnostics([]);
        Trial[] running = [At(0, 10, TrialState.Running), At(1, 10, TrialState.Running), At(2, 10, TrialState.Queued)];
        tracker.ObserveSweep(running, [new RunningTrial(0, 0, Sharing: 2), new RunningTrial(1, 0, Sharing: 2)]);
        now = TimeSpan.FromSeconds(4);
        tracker.ObserveSweep(running, [new RunningTrial(0, 20, Sharing: 2), new RunningTrial(1, 20, Sharing: 2)]);

        // Two trials on one worker, 20 updates each in 4 s: a worker-second buys 10 updates.
        Assert.Equal(0.1, tracker.Current.SecondsPerUpdate[10], 9);

        // A finished trial's own wall seconds over its updates come first: 100 updates in 5 s.
        Trial[] finished = [At(0, 10, TrialState.Complete, 100, 5.0), At(1, 10, TrialState.Running), At(2, 10, TrialState.Queued)];
        tracker.ObserveSweep(finished, [new RunningTrial(1, 20)]);
        var p = tracker.Current;
        Assert.Equal(0.05, p.SecondsPerUpdate[10], 9);

        // Left: 80 + 100 updates at 0.05 s on two workers, and the report. The sweep's 4 s so far
        // did 120 updates at 0.05 s on two workers, 3 s of steps: the rest of its wall time is
        // taken to grow in proportion (worker starts, data loading, claims).
        var overhead = 4 / (120 * 0.05 / 2);
        Assert.Equal((180 * 0.05 / 2 * overhead) + StudyProgressTracker.ReportSeconds, p.Eta!.Value.TotalSeconds, 9);
    }

    [Fact]
    public void The_fraction_never_goes_back_across_rounds_stages_and_new_plans()
    {
        var now = TimeSpan.Zero;
        var tracker = new StudyProgressTracker(1000, Costs, workers: 1, () => now);
        var seen = new List<OverallProgress>();
        tracker.Changed += seen.Add;
        tracker.PlanDiagnostics([("noise", 2), ("sharpness", 2)]);
        tracker.PlanReport(4);

        // The grid's first round, then a round of the rate search that doubles the trials.
        tracker.ObserveSweep([At(0, 10, TrialState.Queued), At(1, 100, TrialState.Queued)], []);
        tracker.Anticipate([new AheadTrial(Spec(10), 1)]);
        tracker.ObserveSweep([At(0, 10, TrialState.Running), At(1, 100, TrialState.Queued)], [new RunningTrial(0, 60)]);
        tracker.ObserveSweep([At(0, 10, TrialState.Complete, 100, 1.0), At(1, 100, TrialState.Complete, 10, 0.5)], []);
        var beforeRound = tracker.Current.Fraction;
        tracker.Anticipate([]);
        tracker.ObserveSweep([At(0, 10, TrialState.Complete, 100, 1.0), At(1, 100, TrialState.Complete, 10, 0.5), At(2, 10, TrialState.Queued), At(3, 100, TrialState.Queued)], []);
        Assert.True(tracker.Current.Fraction >= beforeRound, "a new round set the fraction back");
        tracker.ObserveSweep([At(0, 10, TrialState.Complete, 100, 1.0), At(1, 100, TrialState.Complete, 10, 0.5), At(2, 10, TrialState.Complete, 100, 1.0), At(3, 100, TrialState.Complete, 10, 0.5)], []);

        // The diagnostics: a better plan, ticks within a part, parts that took twice their plan.
        tracker.PlanDiagnostics([("noise", 1), ("sharpness", 6)]);
        tracker.Enter(StudyStage.Diagnostics);
        tracker.Diagnostic("noise", 0.5);
        tracker.DiagnosticDone("noise", 2);
        tracker.Diagnostic("sharpness", 0.25);
        Assert.Equal((0.75 * 6 * 2) + 4, tracker.Current.Eta!.Value.TotalSeconds, 9);
        tracker.DiagnosticDone("sharpness", 12);
        tracker.Enter(StudyStage.Report);
        tracker.PlanReport(30);
        tracker.Enter(StudyStage.Done);

        Assert.All(seen.Zip(seen.Skip(1)), pair => Assert.True(pair.Second.Fraction >= pair.First.Fraction, $"{pair.First.Fraction} then {pair.Second.Fraction} ({pair.Second.Stage}: {pair.Second.Detail})"));
        Assert.All(seen.Where(p => p.Stage != StudyStage.Done), p => Assert.InRange(p.Fraction, 0, 0.999));
        Assert.Equal([StudyStage.Sweep, StudyStage.Diagnostics, StudyStage.Report, StudyStage.Done], seen.Select(p => p.Stage).Distinct());
        Assert.Equal(1, seen[^1].Fraction);
        Assert.Equal(TimeSpan.Zero, seen[^1].Eta);
    }
}
