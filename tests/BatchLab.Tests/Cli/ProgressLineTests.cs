using BatchLab.Cli.Progress;

namespace BatchLab.Tests.Cli;

/// <summary>What a sweep's live view prints per trial fits an 80-column terminal, and workers' progress lines round-trip.</summary>
public sealed class ProgressLineTests
{
    [Theory]
    [InlineData(
        "quick-mnist-mlp-256 trial 7 (batch=8 base_lr=0.015625 seed=0): COMPLETE after 20,625 updates in 97.2s, val_error 4.04%, test_error 4.16%",
        "#7 B=8 η̃=2⁻⁶ s0: COMPLETE, 20,625 updates, 97.2 s, val 4.04%, test 4.16%")]
    [InlineData(
        "quick-mnist-mlp-256 trial 59 (batch=2048 base_lr=0.25 seed=1): DIVERGED at update 13 (not retried)",
        "#59 B=2048 η̃=2⁻² s1: DIVERGED at update 13")]
    [InlineData(
        "quick-mnist-mlp-256 trial 12 (batch=2 base_lr=0.0625 seed=0): PRUNED at update 20,625: not learning: its training error 88.7% is at chance (88.7%, always answering the most frequent class) after 25% of its budget",
        "#12 B=2 η̃=2⁻⁴ s0: PRUNED at 20,625 updates, train error at chance (88.7%)")]
    [InlineData(
        "s trial 3 (batch=2048 base_lr=0.25 seed=1): PRUNED at update 20: not learning: its training loss 2.31 is not below its start 2.30 after 25% of its budget",
        "#3 B=2048 η̃=2⁻² s1: PRUNED at 20 updates, training loss not below its start")]
    [InlineData(
        "s trial 13 (batch=4 base_lr=0.015625 budget=0.1111111111111111 seed=0): COMPLETE after 112 updates in 0.3s, val_error 30.20%",
        "#13 B=4 η̃=2⁻⁶ 1/9 s0: COMPLETE, 112 updates, 0.3 s, val 30.20%")]
    [InlineData(
        "s trial 18 (batch=4 base_lr=0.001953125 stop_at_target=no seed=0): COMPLETE after 1,000 updates in 0.9s, val_error 16.80%",
        "#18 B=4 η̃=2⁻⁹ s0: COMPLETE, 1,000 updates, 0.9 s, val 16.80%")]
    public void A_finished_trial_is_one_short_line(string worker, string shown)
    {
        Assert.Equal(shown, SweepView.Compact(worker));
        Assert.True(("w1 " + shown).Length <= SweepView.Columns);
    }

    [Fact]
    public void A_long_failure_is_cut_to_the_terminal_width()
    {
        var shown = SweepView.Compact("s trial 4 (batch=32 base_lr=0.5 seed=0): FAILED: " + new string('x', 300));

        Assert.StartsWith("#4 B=32 η̃=2⁻¹ s0: FAILED: xxx", shown);
        Assert.EndsWith("…", shown);
        Assert.Equal(SweepView.Columns, new System.Globalization.StringInfo("w1 " + shown).LengthInTextElements);
    }

    [Fact]
    public void Diverged_is_counted_apart_from_failed_and_absent_states_are_left_out()
    {
        Assert.Equal("30 ok, 12 pruned, 1 diverged", SweepView.Tally(new BatchLab.Sweeps.TrialCounts(0, 0, 30, 1, 0, 0, 12)));
        Assert.Equal("0 ok, 2 failed", SweepView.Tally(new BatchLab.Sweeps.TrialCounts(3, 1, 0, 0, 2, 0)));
    }

    [Fact]
    public void A_progress_line_reads_back_and_an_ordinary_line_is_not_one()
    {
        var line = new ProgressLine(7, "batch=8 base_lr=0.015625 seed=0", 120, 810, 0.41);

        Assert.Equal(line, ProgressLine.Parse(line.ToString()));
        Assert.Null(ProgressLine.Parse("worker vm:1: sqlite:/tmp/x.db, study s, lease 60s"));
    }
}
