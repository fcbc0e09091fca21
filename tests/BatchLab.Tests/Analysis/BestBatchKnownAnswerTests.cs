using BatchLab.Studies.Analysis;
using static BatchLab.Tests.Analysis.AnalysisFixtures;

namespace BatchLab.Tests.Analysis;

/// <summary>
/// The smoke study's grid (B = 4, 32, 256 × η̃ = 2^-6, 2^-3) with a validation error known in
/// closed form: 10% at the best B plus 1.6 points per octave away from it, 4 points more at the
/// other rate, seeds within ±0.2 point. The recommended B must be the closed form's, wherever it
/// is put: a rule that ignored the errors could pass for one answer, not for all three.
/// </summary>
public class BestBatchKnownAnswerTests
{
    [Theory]
    [InlineData(4L)]
    [InlineData(32L)]
    [InlineData(256L)]
    public void The_recommended_batch_is_the_one_with_the_lowest_error_in_closed_form(long best)
    {
        var trials = new List<FinishedTrial>();
        foreach (var b in new long[] { 4, 32, 256 })
        {
            foreach (var (rate, penalty) in new[] { (1.0 / 64, 0.0), (1.0 / 8, 0.04) })
            {
                for (var seed = 0; seed < 3; seed++)
                {
                    var error = 0.10 + (0.016 * Math.Abs(Math.Log2(b) - Math.Log2(best))) + penalty + (0.002 * (seed - 1));
                    trials.Add(Outcome(b, rate, seed, testError: 0.5, valError: error));
                }
            }
        }

        var evidence = StudyEvidence.Of(trials, chanceError: 0.9, chanceMargin: 0.05, solo: null);
        var recommendation = Recommender.Recommend(evidence.Inputs(trainSize: 2000, selectionSamples: 5000));

        Assert.Equal(best, recommendation.Batch);
        Assert.Equal(1.0 / 64, recommendation.BaseLearningRate!.Value, 12);
    }
}
