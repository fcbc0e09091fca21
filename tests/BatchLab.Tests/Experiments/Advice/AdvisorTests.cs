using BatchLab.Diagnostics.Throughput;
using BatchLab.Reporting.Artifacts;
using BatchLab.Runs;
using BatchLab.Studies.Advice;
using BatchLab.Studies.Analysis;
using BatchLab.Tests.Analysis;
using BatchLab.Training;

namespace BatchLab.Tests.Experiments.Advice;

/// <summary>`advise` in the library: which measurement decides each part of the recommendation.</summary>
public sealed class AdvisorTests
{
    const string Data = "synthetic-teacher:n=2048,test=256,d=16,classes=4,hidden=16,seed=3";

    static AdviceOptions Quick(long? memory = null, IReadOnlyList<double>? rates = null) => new()
    {
        Run = new RunSpec(Data, new BatchLab.Data.DataOptions { Validation = 256 }, "mlp:32", new TrainOptions { Batch = BatchSize.Of(32), LearningRate = new LearningRateOptions(Lr: 0.1), Target = Target.Parse("val_error=0.5") }),
        MemoryLimit = memory,
        Workers = [1, 2, 4],
        Throughput = new ThroughputOptions { Batches = [1, 8, 64, 512], Repeats = 1, Seconds = 0.02, MatmulSize = 128 },
        ProbeEpochs = 2,
        NoisePoints = 4,
        ProbeBaseRates = rates,
        ProbeRateEpochs = 0.5,
    };

    [Fact]
    public void Without_a_study_the_batch_follows_the_measured_noise_scale_and_the_probe_sets_the_rate()
    {
        var result = Advisor.Run(Quick(rates: [1.0 / 1024, 1.0 / 64, 1.0 / 4, 64]), [], null);

        var noise = result.NoiseScale!.Value;
        Assert.Equal(result.Noise.Points.Count > 0 ? result.Noise.Points[^1].NoiseScale : result.Noise.NotMeasurable[^1].LowerBound, noise);
        var expected = Math.Clamp(1L << (int)Math.Round(Math.Log2(noise)), 1, 2048);
        Assert.Equal(expected, result.Recommendation.Batch);
        Assert.Equal(result.Recommendation.Batch, result.Recommendation.MicroBatch);

        var probe = result.LearningRateProbe!;
        Assert.Equal(result.Recommendation.Batch, probe.Batch);
        Assert.Equal(4, probe.Runs.Count);
        var best = probe.Runs.Where(r => !r.Diverged).MinBy(r => r.ValidationLoss)!;
        Assert.Equal(best.BaseLearningRate, result.Recommendation.BaseLearningRate);
        Assert.Equal(best.BaseLearningRate * result.Recommendation.Batch, result.Recommendation.LearningRate!.Value, 12);
        Assert.Contains(result.Recommendation.Reasons, r => r.StartsWith("η = B·η̃", StringComparison.Ordinal) && r.Contains("probe", StringComparison.Ordinal));

        Assert.Equal([1, 2, 4], result.Projection.Rows.Select(r => r.Workers));
        Assert.Equal(1.0, result.Projection.Rows[0].Speedup, 12);
        Assert.Contains(ResultArtifacts.Of(result).Tables, t => t.Id == "data_parallel_projection");
    }

    [Fact]
    public void A_small_memory_budget_caps_the_micro_batch_below_the_batch_and_a_stored_study_decides_the_batch()
    {
        // Batch 256 wins: within the spread of the best test error and the fastest to the target.
        IReadOnlyList<FinishedTrial> study =
        [
            AnalysisFixtures.Outcome(16, 0.01, 1, 0.030, stepsToTarget: 2000),
            AnalysisFixtures.Outcome(16, 0.01, 2, 0.034, stepsToTarget: 2100),
            AnalysisFixtures.Outcome(256, 0.001, 1, 0.032, stepsToTarget: 200),
            AnalysisFixtures.Outcome(256, 0.001, 2, 0.033, stepsToTarget: 210),
        ];
        var options = Quick();
        var perSample = Advisor.Run(options, study, null).Memory.Prediction;
        var budget = perSample.FixedBytes + (100 * perSample.BytesPerSample);

        var result = Advisor.Run(options with { MemoryLimit = budget }, study, null);

        Assert.Equal(256, result.Recommendation.Batch);
        Assert.Equal(0.001, result.Recommendation.BaseLearningRate);
        Assert.Equal(100, result.MaxMicroBatch);
        Assert.Equal(64, result.Recommendation.MicroBatch);
        Assert.Null(result.LearningRateProbe);
        Assert.Equal(4, result.StudyTrials);
        Assert.Contains("measured by the stored study", result.ExpectedTimeToTarget!.How, StringComparison.Ordinal);
    }
}
