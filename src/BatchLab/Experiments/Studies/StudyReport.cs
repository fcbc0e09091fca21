using BatchLab.Analysis;
using BatchLab.Diagnostics.Memory;
using BatchLab.Reports;

namespace BatchLab.Experiments.Studies;

/// <summary>
/// Assembles a study's report: the analyses of the sweep (generalization, steps and time to
/// target), the diagnostics, the comparison with the paper a preset reproduces, and the
/// recommendation built from all of them.
/// </summary>
public static class StudyReport
{
    public static (ReportDocument Document, Recommendation Recommendation) Build(
        StudyPreset preset, string study, IReadOnlyList<FinishedTrial> trials, StudyDiagnosticsResult d, ReportMetadata metadata, long? memoryBudget)
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
            MaxMicroBatch(d.Memory, memoryBudget),
            CriticalBatch: hasTarget ? steps.Fit?.CriticalBatch : null));
        var projection = d.Throughput is null ? null : DataParallelProjection.Project(
            recommendation.Batch, d.GradientBytes, ThroughputCurve.From(d.Throughput), [1, 2, 4, 8, 16, 32],
            RecommendationSection.BandwidthBytesPerSecond, RecommendationSection.LatencySeconds,
            steps.ByBatch.FirstOrDefault(b => b.Batch == recommendation.Batch)?.Steps is double s && double.IsFinite(s) ? s : null);

        var sections = new List<ReportSection>
        {
            StudySections.Generalization(generalization),
            hasTarget ? StudySections.StepsToTarget(steps) : StudySections.Skipped("steps-to-target", "Steps and samples to the target vs batch size", "the preset sets no target"),
            hasTarget ? StudySections.TimeToTarget(steps) : StudySections.Skipped("time-to-target", "Time to the target on this machine", "the preset sets no target"),
            DiagnosticSections.Throughput(d.Throughput),
            DiagnosticSections.Noise(d.NoiseAtInit, d.NoiseTrained, d.NoiseOverTraining, d.Agreement),
            DiagnosticSections.Sharpness(d.SharpnessSmall, d.SharpnessLarge),
            DiagnosticSections.Memory(d.Memory),
            DiagnosticSections.Saddle(d.Saddle),
            RecommendationSection.Build(recommendation, projection),
        };
        if (preset.Paper is { } paper && trials.Count > 0)
        {
            sections.Insert(0, PaperComparison.Build(paper, trials, d.SharpnessPerTrial));
        }

        var document = new ReportDocument($"Which batch size? {preset.Sweep.Base.Model} on {preset.Sweep.Base.Data}", metadata, sections)
        {
            Subtitle = $"Study '{study}', preset {preset.Name}: {preset.Description}. {trials.Count} finished trials"
                + (d.Skipped.Count > 0 ? $"; not measured: {string.Join("; ", d.Skipped)}" : "") + ".",
        };
        return (document, recommendation);
    }

    /// <summary>
    /// The largest micro-batch for the budget: confirmed by trial when measured, else from the
    /// memory model. A confirmation that stopped at the search's cap is a lower bound only, so
    /// the model's larger value stands then.
    /// </summary>
    internal static long? MaxMicroBatch(MemoryResult? memory, long? budget)
    {
        if (memory?.Budget is { } b)
        {
            return b.Confirmed is long confirmed ? (b.ReachedCap ? Math.Max(confirmed, b.ModelMicroBatch) : confirmed) : b.ModelMicroBatch;
        }

        return memory is null || budget is not long limit || memory.Prediction.BytesPerSample <= 0
            ? null
            : Math.Max(1, (limit - memory.Prediction.FixedBytes) / memory.Prediction.BytesPerSample);
    }
}
