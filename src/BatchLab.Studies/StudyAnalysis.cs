using BatchLab.Diagnostics.Memory;
using BatchLab.Studies.Analysis;

namespace BatchLab.Studies;

/// <summary>
/// Everything a study concluded: the sweep's analyses (generalization, steps and time to target),
/// the diagnostics, the recommendation built from all of them and its data-parallel projection.
/// Pure data: a report renders it, a program reads it.
/// </summary>
public sealed record StudyAnalysis(
    StudyPreset Preset,
    string Study,
    IReadOnlyList<FinishedTrial> Trials,
    StudyDiagnosticsResult Diagnostics,
    GeneralizationResult Generalization,
    StepsToTargetResult Steps,
    bool HasTarget,
    Recommendation Recommendation,
    DataParallelProjection? Projection)
{
    /// <summary>Link bandwidth the projection assumes: 10 Gbit/s.</summary>
    public const double BandwidthBytesPerSecond = 10e9 / 8;

    /// <summary>Per-update latency of an all-reduce the projection assumes: 50 µs.</summary>
    public const double LatencySeconds = 50e-6;

    /// <summary>Analyses a study's finished trials and diagnostics (pure: no training, no I/O).</summary>
    public static StudyAnalysis Of(StudyPreset preset, string study, IReadOnlyList<FinishedTrial> trials, StudyDiagnosticsResult d)
    {
        var generalization = GeneralizationAnalysis.Analyse(trials);
        var steps = StepsToTargetAnalysis.Analyse(trials);
        var hasTarget = trials.Any(t => t.Target is not null) || preset.Sweep.Base.Train.Target is not null;
        var recommendation = Recommender.Recommend(new RecommendationInputs(
            d.TrainSize,
            generalization.ByBatch,
            hasTarget ? steps.ByBatch : null,
            d.NoiseTrained?.Estimate.NoiseScale ?? d.NoiseAtInit?.Estimate.NoiseScale,
            d.Throughput?.Knee.Batch,
            MaxMicroBatch(d.Memory, preset.Diagnostics.MemoryLimit),
            CriticalBatch: hasTarget ? steps.Fit?.CriticalBatch : null));
        var projection = d.Throughput is null ? null : DataParallelProjection.Project(
            recommendation.Batch, d.GradientBytes, ThroughputCurve.From(d.Throughput), [1, 2, 4, 8, 16, 32],
            BandwidthBytesPerSecond, LatencySeconds,
            steps.ByBatch.FirstOrDefault(b => b.Batch == recommendation.Batch)?.Steps is double s && double.IsFinite(s) ? s : null);
        return new StudyAnalysis(preset, study, trials, d, generalization, steps, hasTarget, recommendation, projection);
    }

    /// <summary>
    /// The largest micro-batch under the memory limit: confirmed by probes when measured, else from the
    /// memory model. A confirmation that stopped at the search's cap is a lower bound only, so
    /// the model's larger value stands then.
    /// </summary>
    public static long? MaxMicroBatch(MemoryResult? memory, long? memoryLimit)
    {
        if (memory?.LimitSearch is { } b)
        {
            return b.Confirmed is long confirmed ? (b.ReachedCap ? Math.Max(confirmed, b.ModelMicroBatch) : confirmed) : b.ModelMicroBatch;
        }

        return memory is null || memoryLimit is not long limit || memory.Prediction.BytesPerSample <= 0
            ? null
            : Math.Max(1, (limit - memory.Prediction.FixedBytes) / memory.Prediction.BytesPerSample);
    }
}
