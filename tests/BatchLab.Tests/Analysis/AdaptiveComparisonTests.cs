using BatchLab.Studies;
using BatchLab.Studies.Analysis;
using BatchLab.Training;
using static BatchLab.Tests.Analysis.AnalysisFixtures;

namespace BatchLab.Tests.Analysis;

/// <summary>A study's adaptive runs stand beside its fixed-B runs, and stay out of the fixed-B analyses.</summary>
public class AdaptiveComparisonTests
{
    const string Goodput = "adaptive:policy=goodput,min=32,max=2048,lr=adascale,cap=8,every=0.1ep,factor=2,gain=0.05";
    const string Schedule = "adaptive:policy=schedule,min=32,max=512,lr=none,cap=8,every=0.1ep,factor=2,gain=0.05";

    /// <summary>An adaptive run as a study stores it: ending at <paramref name="finalBatch"/>, started at B₀ = 32 with η̃ = 2^-8.</summary>
    static FinishedTrial Adaptive(string spec, long finalBatch, long seed, double testError, long updates, double seconds) =>
        Outcome(finalBatch, 1.0 / 256, seed, testError, stepsToTarget: updates, secondsPerUpdate: seconds / updates)
            with
        { Adaptive = spec, AdaptiveBaseLearningRate = 1.0 / 256 };

    static List<FinishedTrial> Study() =>
    [
        Outcome(32, 1.0 / 256, 0, 0.025, stepsToTarget: 3000, secondsPerUpdate: 0.001),
        Outcome(32, 1.0 / 256, 1, 0.024, stepsToTarget: 3020, secondsPerUpdate: 0.001),
        Outcome(128, 1.0 / 256, 0, 0.026, stepsToTarget: 900, secondsPerUpdate: 0.002),
        Outcome(128, 1.0 / 256, 1, 0.027, stepsToTarget: 1000, secondsPerUpdate: 0.002),
        Adaptive(Goodput, 64, 0, 0.026, 1600, 2.4),
        Adaptive(Goodput, 64, 1, 0.027, 1800, 2.8),
        Adaptive(Schedule, 32, 0, 0.029, 2400, 2.0),
        Adaptive(Schedule, 32, 1, 0.028, 2420, 2.2),
    ];

    [Fact]
    public void Each_policy_is_set_against_the_fastest_fixed_configuration_and_its_fixed_twin()
    {
        var comparison = AdaptiveComparison.Of(Study())!;

        var goodput = comparison.Rows.Single(r => r.Configuration == "goodput, B from 32 up to 2,048");
        Assert.Equal((true, 32L, 2, 2, 1700.0, 2.6), (goodput.Adaptive, goodput.StartBatch, goodput.Seeds, goodput.SeedsReached, goodput.MedianUpdates, Math.Round(goodput.MedianStepSeconds, 6)));
        var best = comparison.Rows.Single(r => r.Configuration == "B = 128, η̃ = 2⁻⁸");
        Assert.Equal(1.9, best.MedianStepSeconds, 6); // (1.8 + 2.0) / 2: faster than B = 32's 3.01 s
        Assert.StartsWith("No adaptive policy beat the best fixed batch size to the target here.", comparison.Finding, StringComparison.Ordinal);
        // 2.6 s / 1.9 s; test error 2.65% inside the fixed runs' 2.4%–2.7%.
        Assert.Contains("1.37× the best fixed configuration (B = 128, η̃ = 2⁻⁸: 1.9 s, 950 updates", comparison.Finding, StringComparison.Ordinal);
        Assert.Contains("its test error 2.65% is within the fixed runs' spread 2.40%–2.70%", comparison.Finding, StringComparison.Ordinal);
        // The schedule against fixed B₀ = 32 at the same η̃: 2,410 updates to 3,010.
        // Without the trajectories nothing says the policy changed B: the difference is not credited to it.
        Assert.Contains("Against its fixed twin (B = 32 and η̃ held constant throughout): 2,410 updates to 3,010 (what the policy changed before the target was not read", comparison.Finding, StringComparison.Ordinal);
        Assert.DoesNotContain("needed more updates", comparison.Finding, StringComparison.Ordinal);
        Assert.Contains("Smith et al. compare against a twin whose rate decays", comparison.Finding, StringComparison.Ordinal); // the study has none
        Assert.Contains("its test error 2.85% is outside the fixed runs' spread", comparison.Finding, StringComparison.Ordinal);
    }

    [Fact]
    public void The_twin_needed_more_updates_only_when_the_policy_changed_B_before_the_target()
    {
        // The schedule doubled B at updates 1,000 and 1,200, before its targets at 2,400 and 2,420;
        // goodput changed B only after its targets (1,600 and 1,800).
        BatchTrajectory Path(string spec, long seed, double change, double end) => new(
            spec.Contains("schedule", StringComparison.Ordinal) ? "schedule, B from 32 up to 512" : "goodput, B from 32 up to 2,048", seed, [0, change, end], [32, 64, 64], [1, 1, 1]);
        IReadOnlyList<BatchTrajectory> paths = [Path(Schedule, 0, 1000, 2400), Path(Schedule, 1, 1200, 2420), Path(Goodput, 0, 1650, 1650), Path(Goodput, 1, 1900, 1900)];
        var trials = Study();
        trials.Add(Outcome(32, 1.0 / 256, 2, 0.024, stepsToTarget: 1700, secondsPerUpdate: 0.001)); // the twin's median: 3,000 updates

        var comparison = AdaptiveComparison.Of(trials, paths)!;

        Assert.Contains("Before the target it changed B 32 → 64 at update 1,000 (seed 0); B 32 → 64 at update 1,200 (seed 1).", comparison.Finding, StringComparison.Ordinal);
        Assert.Contains("2,410 updates to 3,000: the fixed twin needed more updates.", comparison.Finding, StringComparison.Ordinal);
        Assert.Contains("1,700 updates to 3,000, but the policy did not change B before the target in any seed", comparison.Finding, StringComparison.Ordinal);
        Assert.Equal(paths, comparison.Trajectories);
    }

    /// <summary>Smith et al.'s twin of the schedule policy: B = 32, η̃ = 2^-8, η ÷ 2 at half and three quarters of the budget.</summary>
    static FinishedTrial Decaying(long seed, double testError, long updates, double seconds) =>
        Outcome(32, 1.0 / 256, seed, testError, stepsToTarget: updates, secondsPerUpdate: seconds / updates)
            with
        { Decay = RateDecay.Parse("decay:b=32,factor=2,drops=0.5/0.75") };

    [Fact]
    public void The_schedule_policy_is_set_against_its_decaying_twin_which_stays_out_of_the_fixed_comparisons()
    {
        // The schedule doubled B at updates 1,000 and 1,200, before its targets. The decaying twin is
        // the fastest fixed-B run (1.0 s) and has the lowest and highest test errors: were it an
        // ordinary fixed row it would be the best fixed configuration and widen the spread.
        IReadOnlyList<BatchTrajectory> paths = [new("schedule, B from 32 up to 512", 0, [0, 1000, 2400], [32, 64, 64], [1, 1, 1]), new("schedule, B from 32 up to 512", 1, [0, 1200, 2420], [32, 64, 64], [1, 1, 1])];
        var trials = Study();
        trials.AddRange([Decaying(0, 0.020, 2800, 1.0), Decaying(1, 0.030, 2900, 1.0)]);

        var comparison = AdaptiveComparison.Of(trials, paths)!;

        var twin = comparison.Rows.Single(r => r.Configuration == "B = 32, η̃ = 2⁻⁸, η ÷ 2 at 50% and 75%");
        Assert.Equal((false, 32L, "η ÷ 2 at 50% and 75%", 2850.0), (twin.Adaptive, twin.StartBatch, twin.RateDecay, twin.MedianUpdates));
        Assert.Null(comparison.Rows.Single(r => r.Configuration == "B = 32, η̃ = 2⁻⁸").RateDecay); // the constant-rate twin is its own row
        Assert.Contains("× the best fixed configuration (B = 128, η̃ = 2⁻⁸: 1.9 s", comparison.Finding, StringComparison.Ordinal);
        Assert.Contains("spread 2.40%–2.70%", comparison.Finding, StringComparison.Ordinal);
        Assert.Contains("Against its fixed twin (B = 32 and η̃ held constant throughout): 2,410 updates to 3,010: the fixed twin needed more updates.", comparison.Finding, StringComparison.Ordinal);
        Assert.Contains("Against its decaying twin (B = 32 throughout, η ÷ 2 at 50% and 75% of the budget, where the policy grows B: Smith et al.'s comparison): 2,410 updates to 2,850, test error 2.85% to 2.50%: the decaying twin needed more updates.", comparison.Finding, StringComparison.Ordinal);
        Assert.DoesNotContain("this study has none", comparison.Finding, StringComparison.Ordinal);
        Assert.DoesNotContain("trained none", comparison.Finding, StringComparison.Ordinal);
        // Goodput grows B on measurements, not at drops: it has no decaying twin.
        Assert.Single(comparison.Finding.Split("decaying twin (", StringSplitOptions.None).Skip(1));
        // Nor does any fixed-B analysis take the twin for a third seed of B = 32.
        Assert.Equal(2, StepsToTargetAnalysis.Analyse(trials).ByBatch.Single(b => b.Batch == 32).Seeds);
    }

    [Fact]
    public void A_schedule_that_grew_B_only_after_its_target_trained_as_both_twins_did()
    {
        // The preset's case: the targets (2,400 and 2,420 updates) come before the first drop.
        IReadOnlyList<BatchTrajectory> paths = [new("schedule, B from 32 up to 512", 0, [0, 2400], [32, 32], [1, 1]), new("schedule, B from 32 up to 512", 1, [0, 2420], [32, 32], [1, 1])];
        var trials = Study();
        trials.AddRange([Decaying(0, 0.025, 3000, 3.0), Decaying(1, 0.024, 3020, 3.0)]);

        var finding = AdaptiveComparison.Of(trials, paths)!.Finding;

        Assert.Contains("; against its decaying twin (B = 32 throughout, η ÷ 2 at 50% and 75% of the budget, where the policy grows B: Smith et al.'s comparison): 2,410 updates to 3,010, test error 2.85% to 2.45%, but the policy did not change B before the target in any seed: up to the target it trained as both twins did", finding, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_decaying_twin_the_finding_says_the_study_trained_none_and_one_that_differs_is_no_twin()
    {
        var trials = Study();
        trials.Add(Outcome(32, 1.0 / 256, 0, 0.02, stepsToTarget: 2000) with { Decay = RateDecay.Parse("decay:b=32,factor=10,drops=0.5/0.75") });

        var comparison = AdaptiveComparison.Of(trials)!;

        Assert.Contains("Smith et al. compare against a twin whose rate decays where B would grow (batch value decay:b=32 with the policy's factor and drops); this study trained none that reached the target.", comparison.Finding, StringComparison.Ordinal);
        Assert.DoesNotContain("against its decaying twin", comparison.Finding, StringComparison.Ordinal);
        Assert.Contains(comparison.Rows, r => r.Configuration == "B = 32, η̃ = 2⁻⁸, η ÷ 10 at 50% and 75%");
    }

    [Fact]
    public void The_fixed_batch_analyses_leave_adaptive_runs_out_and_a_study_without_them_has_no_comparison()
    {
        var trials = Study();

        var generalization = GeneralizationAnalysis.Analyse(trials);
        var steps = StepsToTargetAnalysis.Analyse(trials);

        Assert.Equal([32L, 128L], generalization.ByBatch.Select(b => b.Batch)); // the goodput runs ended at B = 64: not a fixed B = 64
        Assert.Equal([32L, 128L], steps.ByBatch.Select(b => b.Batch));
        Assert.Null(AdaptiveComparison.Of([.. trials.Where(t => t.Adaptive is null)]));
        Assert.Contains("adaptive", StudyPresets.Names);
    }

    [Fact]
    public void A_runs_stored_batch_changes_become_its_B_and_rate_scale_over_the_updates()
    {
        var run = Adaptive(Goodput, 128, 0, 0.026, 1600, 2.4);
        (string, long, double)[] metrics = [("val_error", 300, 0.1), ("batch", 500, 64), ("lr_scale", 500, 1.5), ("batch", 1200, 128), ("lr_scale", 1200, 2.0)];

        var trajectory = AdaptiveComparison.Trajectory(run, AdaptiveComparison.StartOf(Goodput), metrics);

        Assert.Equal("goodput, B from 32 up to 2,048", trajectory.Configuration);
        Assert.Equal([0.0, 500, 1200, 1600], trajectory.Updates); // from B₀ at update 0 to the target's update
        Assert.Equal([32.0, 64, 128, 128], trajectory.Batches);
        Assert.Equal([1.0, 1.5, 2.0, 2.0], trajectory.RateScales);
    }
}
