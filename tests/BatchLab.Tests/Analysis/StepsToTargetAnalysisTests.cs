using BatchLab.Reporting.Artifacts;
using BatchLab.Studies.Analysis;
using BatchLab.Text;
using static BatchLab.Tests.Analysis.AnalysisFixtures;

namespace BatchLab.Tests.Analysis;

public class StepsToTargetAnalysisTests
{
    [Fact]
    public void Takes_the_fewest_median_steps_over_rates_and_fits_the_scaling_law()
    {
        // S(B) = 400 (1 + 50/B) at the good rate, its 3 seeds at 0.9, 1 and 1.1 of it (median: the
        // curve); a worse rate takes twice as long; at a third only 1 of 3 seeds reaches it.
        var outcomes = new List<FinishedTrial>();
        foreach (var b in new long[] { 1, 4, 16, 64, 256, 1024 })
        {
            var s = (long)Math.Round(400 * (1 + (50.0 / b)));
            foreach (var seed in new long[] { 0, 1, 2 })
            {
                outcomes.Add(Outcome(b, 0.01, seed, 0.02, stepsToTarget: (long)Math.Round(s * (0.9 + (0.1 * seed))), secondsPerUpdate: 1e-4 * (1 + (b / 64.0))));
                outcomes.Add(Outcome(b, 0.02, seed, 0.02, stepsToTarget: 2 * s));
                outcomes.Add(Outcome(b, 0.04, seed, 0.02, stepsToTarget: seed == 0 ? s / 2 : null));
            }
        }

        var result = StepsToTargetAnalysis.Analyse(outcomes);

        Assert.All(result.ByBatch, b => Assert.Equal(0.01, b.BestBaseLearningRate));
        Assert.Equal(Math.Round(400 * (1 + (50.0 / 64))), result.ByBatch.Single(b => b.Batch == 64).Steps);
        Assert.InRange(result.Fit!.NoiseScale, 49, 51); // the known curve; steps were rounded to whole updates
        Assert.InRange(result.Fit.MinSteps, 398, 402);
        Assert.False(result.Fit.AtBound);
        Assert.True(result.Critical!.HasInterval);
        Assert.InRange(50, result.Critical.Low, result.Critical.High);
        Assert.Null(result.Critical.Misfit);
        Assert.Contains("B_crit = E_min/S_min is the same number", result.Finding);
        Assert.Contains("plateau", result.Finding);
        var fastest = result.ByBatch.MinBy(b => b.Seconds)!;
        Assert.Contains($"soonest at B = {NumberFormat.Batch(fastest.Batch, false)}", result.TimeFinding);
    }

    [Fact]
    public void Says_so_when_no_batch_size_reaches_the_target()
    {
        var result = StepsToTargetAnalysis.Analyse([Outcome(8, 0.01, 0, 0.5), Outcome(64, 0.01, 0, 0.5)]);

        Assert.Null(result.Fit);
        Assert.Contains("No batch size reached", result.Finding);
        Assert.Empty(ResultArtifacts.Of(result).Plots);
    }
}
