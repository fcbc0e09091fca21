using BatchLab.Sweeps;
using BatchLab.Sweeps.Results;

namespace BatchLab.Tests.Experiments;

public class StudyProgressTests
{
    static readonly DateTimeOffset Now = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);

    static Trial Make(int number, TrialState state, string? owner = null, double leaseSeconds = 0, double? trainedSeconds = null) => new(
        number, "s", number, $"{{\"seed\":{number}}}", "{}", state, state == TrialState.Queued ? 0 : 1, 0, owner,
        owner is null ? null : Now.AddSeconds(leaseSeconds), Now.AddHours(-1), Now.AddMinutes(-50), state.IsFinal() ? Now.AddMinutes(-1) : null,
        trainedSeconds is double s ? $$"""{"state": "COMPLETE", "wall_seconds": {{s}}}""" : null, null);

    [Fact]
    public void The_eta_divides_the_work_left_by_the_workers_holding_a_live_lease()
    {
        Trial[] trials =
        [
            Make(0, TrialState.Complete, trainedSeconds: 10),
            Make(1, TrialState.Diverged, trainedSeconds: 20),
            Make(2, TrialState.Failed),
            Make(3, TrialState.Running, "w1", leaseSeconds: 30),
            Make(4, TrialState.Running, "w2", leaseSeconds: 30),
            Make(5, TrialState.Running, "dead", leaseSeconds: -5),
            Make(6, TrialState.Queued),
            Make(7, TrialState.Queued),
        ];

        var progress = StudyProgress.Of("s", trials, Now);

        // Mean training time 15 s (the FAILED trial has none); (2 queued + 3 running / 2) × 15 s / 2 live workers.
        Assert.Equal(new TrialCounts(2, 3, 1, 1, 1, 0), progress.Counts);
        Assert.Equal((2, 15.0), (progress.LiveWorkers, progress.MeanTrialSeconds));
        Assert.Equal(TimeSpan.FromSeconds(3.5 * 15 / 2), progress.Eta);
        Assert.Equal(3.0 / 8, progress.Done);
        Assert.Equal(TimeSpan.FromSeconds(3.5 * 15 / 7), StudyProgress.Of("s", trials, Now, workers: 7).Eta);
    }

    [Fact]
    public void The_eta_weighs_each_queued_trial_by_the_finished_trials_of_its_batch_size()
    {
        // B = 2 trials take 100 s, B = 2,048 trials 10 s: one queued of each is 110 s, not 2 × the mean of 55 s.
        static Trial At(int number, long batch, TrialState state, double? seconds = null) => Make(number, state, trainedSeconds: seconds) with { Key = $"{{\"batch\":{batch},\"seed\":{number}}}" };
        Trial[] trials = [At(0, 2, TrialState.Complete, 100), At(1, 2048, TrialState.Pruned, 10), At(2, 2, TrialState.Queued), At(3, 2048, TrialState.Queued)];

        var progress = StudyProgress.Of("s", trials, Now, workers: 1);

        Assert.Equal(TimeSpan.FromSeconds(110), progress.Eta);
        Assert.Equal(1, progress.Counts.Pruned);
    }

    [Fact]
    public void Without_a_finished_trial_or_a_worker_there_is_no_eta_and_a_finished_study_needs_none()
    {
        Assert.Null(StudyProgress.Of("s", [Make(0, TrialState.Running, "w1", leaseSeconds: 30), Make(1, TrialState.Queued)], Now).Eta);
        Assert.Null(StudyProgress.Of("s", [Make(0, TrialState.Complete, trainedSeconds: 10), Make(1, TrialState.Queued)], Now).Eta);
        Assert.Equal(TimeSpan.Zero, StudyProgress.Of("s", [Make(0, TrialState.Complete, trainedSeconds: 10)], Now).Eta);
    }
}
