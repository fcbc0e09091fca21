using BatchLab.Reporting.Document;
using BatchLab.Studies;

namespace BatchLab.Reporting.Sections;

/// <summary>
/// Assembles a study's report: the analyses of the sweep (generalization, steps and time to
/// target), the diagnostics, the comparison with the paper a preset reproduces, and the
/// recommendation built from all of them, which also opens the report as its answer box.
/// </summary>
public static class StudyReport
{
    public static ReportDocument Build(StudyAnalysis a, ReportMetadata metadata)
    {
        var (preset, d, generalization, steps, hasTarget) = (a.Preset, a.Diagnostics, a.Generalization, a.Steps, a.HasTarget);
        var sections = new List<ReportSection>
        {
            StudySections.Generalization(generalization),
            hasTarget ? StudySections.StepsToTarget(steps) : StudySections.Skipped("steps-to-target", "Steps and samples to the target vs batch size", "the preset sets no target"),
            hasTarget ? StudySections.TimeToTarget(steps) : StudySections.Skipped("time-to-target", "Time to the target on this machine", "the preset sets no target"),
            DiagnosticSections.Throughput(d.Throughput),
            DiagnosticSections.Noise(d.NoiseAtInit, d.NoiseTrained, d.NoiseOverTraining, d.Agreement, a.Noise),
            DiagnosticSections.Sharpness(d.SharpnessSmall, d.SharpnessLarge, a.SharpnessComparison),
            DiagnosticSections.Memory(d.Memory),
            DiagnosticSections.Saddle(d.Saddle),
            RecommendationSection.Build(a.Recommendation, a.Projection, a.Check, a.FastestCheck),
            BudgetSection.Build(a.Compute, a.Budgeted),
        };
        if (a.Adaptive is { } adaptive)
        {
            sections.Insert(3, StudySections.Adaptive(adaptive));
        }

        if (preset.Paper is { } paper && a.Trials.Count > 0)
        {
            sections.Insert(0, PaperComparison.Build(paper, a.Trials, d.SharpnessPerTrial));
        }

        var document = new ReportDocument($"Which batch size? {preset.Sweep.Base.Model} on {preset.Sweep.Base.Data}", metadata, sections)
        {
            Answer = a.Trials.Count > 0 ? StudyAnswer.Build(a, "recommendation") : null,
            StudySamples = a.Compute?.StudySamples,
            OneRunSamples = a.Compute?.OneRunSamples,
            Subtitle = $"Study '{a.Study}', preset {preset.Name}: {preset.Description}. {TrialCount(a)}"
                + (a.Compute is { OneRunSamples: not null } c ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"; training compute {c.Runs:F1}× one run of the preset's budget ({(a.Budgeted is null ? "exhaustive grid" : "budgeted")})") : "")
                + (d.Skipped.Count > 0 ? $"; not measured: {string.Join("; ", d.Skipped)}" : "") + ".",
        };
        return document;
    }

    /// <summary>
    /// The trials the answer reads and those the study trained: a budgeted study analyses its cells
    /// at the full budget, and "3 finished trials" read as all it had done when it had trained 21.
    /// </summary>
    static string TrialCount(StudyAnalysis a) =>
        a.Compute is { Trials: var trained } && trained > a.Trials.Count
            ? $"{a.Trials.Count:N0} trials at the full budget analysed, of {trained:N0} trained (the others at lower rungs or searching rates)"
            : $"{a.Trials.Count:N0} finished trials";
}
