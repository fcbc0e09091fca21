using BatchLab.Cli.Progress;

namespace BatchLab.Tests.Cli;

/// <summary>What a sweep's live view prints per trial fits an 80-column terminal, and workers' progress lines round-trip.</summary>
public sealed class ProgressLineTests
{
    [Theory]
    [InlineData(
        "quick-mnist-mlp-256 trial 7 (batch=8 base_lr=0.015625 seed=0): COMPLETE after 20,625 updates in 97.2s, val_error 4.04%, test_error 4.16%",
        "#7 B=8 η̃=2^-6 s0: COMPLETE, 20,625 updates, 97.2 s, val 4.04%, test 4.16%")]
    [InlineData(
        "quick-mnist-mlp-256 trial 59 (batch=2048 base_lr=0.25 seed=1): DIVERGED at update 13 (not retried)",
        "#59 B=2048 η̃=2^-2 s1: DIVERGED at update 13 (not retried)")]
    public void A_finished_trial_is_one_short_line(string worker, string shown)
    {
        Assert.Equal(shown, SweepView.Compact(worker));
        Assert.True(("w1 " + shown).Length <= 80);
    }

    [Fact]
    public void A_progress_line_reads_back_and_an_ordinary_line_is_not_one()
    {
        var line = new ProgressLine(7, "batch=8 base_lr=0.015625 seed=0", 120, 810, 0.41);

        Assert.Equal(line, ProgressLine.Parse(line.ToString()));
        Assert.Null(ProgressLine.Parse("worker vm:1: sqlite:/tmp/x.db, study s, lease 60s"));
    }
}
