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

    /// <summary>What the per-B learning-rate search did; null when the study did not run one.</summary>
    public RateSearchResult? Search { get; init; }

    /// <summary>The recommended (B, η) trained alone to the target, beside the time predicted for it; null when not run.</summary>
    public TargetCheck? Check { get; init; }

    /// <summary>The fastest cell trained alone to the target, when the answer offers it apart from the recommendation; null otherwise.</summary>
    public TargetCheck? FastestCheck { get; init; }

    /// <summary>Whether the small- and large-batch solutions reached comparable training loss, said before their sharpness; null with one solution.</summary>
    public string? SharpnessComparison { get; init; }

    /// <summary>The B_simple readings of the best solution, side by side with their intervals, and which to use.</summary>
    public NoiseReconciliation? Noise { get; init; }

    /// <summary>What the budgeted study's rungs decided; null for an exhaustive study.</summary>
    public Budgeted.BudgetedResult? Budgeted { get; init; }

    /// <summary>The training compute the study spent, against one training run of the preset's budget; null when unknown.</summary>
    public StudyCompute? Compute { get; init; }

    /// <summary>The adaptive-batch runs beside the fixed-B ones; null when the study has none.</summary>
    public AdaptiveComparison? Adaptive { get; init; }

    /// <summary>Analyses a study's finished trials and diagnostics (pure: no training, no I/O).</summary>
    public static StudyAnalysis Of(StudyPreset preset, string study, IReadOnlyList<FinishedTrial> trials, StudyDiagnosticsResult d, RateSearchResult? search = null)
    {
        var margin = preset.Sweep.Base.Train.Pruning?.ChanceMargin ?? Training.Pruning.Default.ChanceMargin;
        var evidence = StudyEvidence.Of(trials, d.ChanceError, margin, StudyEvidence.SoloTimes(d.Throughput), search, preset.Sweep.Base.Train.Target is not null);
        var (generalization, steps, hasTarget) = (evidence.Generalization, evidence.Steps, evidence.HasTarget);
        var noise = NoiseReconciliation.Of(d.NoiseTrained, d.Agreement?.Points.Skip(1).FirstOrDefault(), d.NoiseOverTraining, d.Agreement?.Options.Seed);
        var recommendation = Recommender.Recommend(evidence.Inputs(d.TrainSize, d.SelectionSamples) with
        {
            NoiseScale = noise?.Valid?.Value ?? d.NoiseAtInit?.Estimate.NoiseScale,
            HardwareKnee = d.Throughput?.Knee.Batch,
            MaxMicroBatch = MaxMicroBatch(d.Memory, preset.Diagnostics.MemoryLimit),
        });
        var projection = d.Throughput is null ? null : DataParallelProjection.Project(
            recommendation.Batch, d.GradientBytes, ThroughputCurve.From(d.Throughput), [1, 2, 4, 8, 16, 32],
            BandwidthBytesPerSecond, LatencySeconds,
            recommendation.ExpectedUpdatesToTarget);
        return new StudyAnalysis(preset, study, trials, d, generalization, steps, hasTarget, recommendation, projection) { Search = search, Noise = noise, SharpnessComparison = Findings.SharpnessComparison.Of(d.SharpnessSmall, d.SharpnessLarge), Adaptive = AdaptiveComparison.Of(trials) };
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
