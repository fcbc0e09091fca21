using BatchLab.Reporting.Sections;
using BatchLab.Studies;
using BatchLab.Studies.Analysis;
using BatchLab.Tests.Analysis;

namespace BatchLab.Tests.Reporting;

/// <summary>The answer's edge caveat reads the chosen cell's own row: with an `lr` axis each B tries other η̃.</summary>
public class AnswerEdgeCaveatTests
{
    [Fact]
    public void The_chosen_rate_is_at_the_edge_of_its_own_batch_sizes_rates_though_inside_the_studys_range()
    {
        // B = 32 tried η̃ = 2^-9 and 2^-6, B = 128 tried 2^-10 and 2^-9 (as η = B·η̃ fixed per cell does).
        // The chosen 2^-9 at B = 32 lies inside the study's 2^-10 … 2^-6 but is B = 32's smallest.
        List<FinishedTrial> trials = [];
        foreach (var (seed, wiggle) in new[] { (0L, -0.001), (1L, 0.0), (2L, 0.001) })
        {
            trials.Add(AnalysisFixtures.Outcome(32, 1.0 / 512, seed, 0.021, 0.020 + wiggle, stepsToTarget: 3000));
            trials.Add(AnalysisFixtures.Outcome(32, 1.0 / 64, seed, 0.027, 0.030 + wiggle, stepsToTarget: 1000));
            trials.Add(AnalysisFixtures.Outcome(128, 1.0 / 1024, seed, 0.031, 0.031 + wiggle, stepsToTarget: 900));
            trials.Add(AnalysisFixtures.Outcome(128, 1.0 / 512, seed, 0.030, 0.032 + wiggle, stepsToTarget: 400));
        }

        var diagnostics = new StudyDiagnosticsResult(null, null, null, null, null, null, null, [], null, null, [], 55_000, 4_000) { ChanceError = 0.9, SelectionSamples = 10_000 };
        var analysis = StudyAnalysis.Of(StudyPresets.Get("smoke"), "edge", trials, diagnostics);

        var answer = StudyAnswer.Build(analysis, "recommendation");

        Assert.Equal((32L, 1.0 / 512), (analysis.Recommendation.Batch, analysis.Recommendation.BaseLearningRate!.Value));
        Assert.Contains(answer.Caveats, c => c.Contains("is the smallest rate tried at B = 32", StringComparison.Ordinal));
    }
}
