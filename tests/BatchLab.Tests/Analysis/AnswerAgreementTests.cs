using BatchLab.Diagnostics.Throughput;
using BatchLab.Runtime;
using BatchLab.Studies;
using BatchLab.Studies.Advice;
using BatchLab.Studies.Analysis;

namespace BatchLab.Tests.Analysis;

/// <summary>`study`'s answer and `advise --study` apply one rule to the same evidence.</summary>
public class AnswerAgreementTests
{
    static ThroughputRow Row(long batch, double secondsPerUpdate) =>
        new(batch, 10, new Timing(secondsPerUpdate, secondsPerUpdate, secondsPerUpdate, 3), 1 / secondsPerUpdate, batch / secondsPerUpdate, batch / secondsPerUpdate, batch / secondsPerUpdate, 1, 0.5);

    static ThroughputResult Throughput(params ThroughputRow[] rows) =>
        new("mnist", "mlp:32", "cpu", 2, new ModelFlops(1000, 100), new MatmulCeiling(256, 2, new Timing(1e-3, 1e-3, 1e-3, 2)), [], new ThroughputOptions(), rows,
            new ThroughputKnee(0.8, rows[^1].Batch, rows[^1].SamplesPerSecond, rows[^1].Batch, rows[^1].SamplesPerSecond), 1);

    [Fact]
    public void Study_and_advise_recommend_the_same_cell_with_the_same_time_from_the_same_trials_and_timings()
    {
        // With 500 validation samples the band (±0.63 point) ties B = 32's two rates; the faster one
        // is chosen, and its time comes from the solo timings (1 ms per update), not from the trials'
        // own shares (0.5 ms, as fused members): both callers must read the same timings.
        var trials = RecommenderTests.MixedRateStudy();
        var throughput = Throughput(Row(32, 1e-3), Row(128, 2e-3));
        var diagnostics = new StudyDiagnosticsResult(throughput, null, null, null, null, null, null, [], null, null, [], 55_000, 4_000) { ChanceError = 0.887, SelectionSamples = 500 };

        var study = StudyAnalysis.Of(StudyPresets.Get("smoke"), "agreement", trials, diagnostics).Recommendation;
        var advise = Recommender.Recommend(Advisor.Inputs(trials, 55_000, 500, 0.887, throughput));

        Assert.Equal((study.Batch, study.BaseLearningRate, study.ExpectedSecondsToTarget), (advise.Batch, advise.BaseLearningRate, advise.ExpectedSecondsToTarget));
        Assert.Equal((32L, 1.0 / 64, 1.0), (study.Batch, study.BaseLearningRate!.Value, study.ExpectedSecondsToTarget!.Value)); // 1,000 updates × 1 ms solo, not × 0.5 ms of the trials
        Assert.Equal(study.TradeOff!.Lines("t"), advise.TradeOff!.Lines("t"));
    }
}
