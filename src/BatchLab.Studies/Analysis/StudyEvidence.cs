using BatchLab.Diagnostics.Throughput;

namespace BatchLab.Studies.Analysis;

/// <summary>
/// What a study's finished trials say about the answer: the generalization grid and every cell's
/// steps and time to the target. `study` (through <see cref="StudyAnalysis"/>) and
/// `advise --study` both build it here and answer from <see cref="Inputs"/>, so the same trials
/// and timings give the same recommendation.
/// </summary>
public sealed record StudyEvidence(GeneralizationResult Generalization, StepsToTargetResult Steps, bool HasTarget)
{
    /// <param name="chanceError">Error of always answering the most frequent class (runs ending near it never learned); null = not checked.</param>
    /// <param name="solo">A solo run's seconds per update at a batch size, where measured (<see cref="SoloTimes"/>).</param>
    /// <param name="targetSet">The study's spec sets a target even if no trial reached it.</param>
    public static StudyEvidence Of(IReadOnlyList<FinishedTrial> trials, double? chanceError, double chanceMargin, Func<long, SoloStepTime?>? solo, RateSearchResult? search = null, bool targetSet = false)
    {
        var generalization = GeneralizationAnalysis.Analyse(trials, chanceError, chanceMargin, search);
        var steps = StepsToTargetAnalysis.Analyse(trials, solo);
        return new StudyEvidence(generalization, steps, targetSet || trials.Any(t => t.Target is not null));
    }

    /// <summary>The recommendation's inputs from this evidence; the caller adds noise scale, knee and memory.</summary>
    /// <param name="selectionSamples">Validation samples (test samples without a validation split), for the binomial standard error of the selection error.</param>
    public RecommendationInputs Inputs(long trainSize, long? selectionSamples) =>
        new(trainSize, Generalization.ByBatch, HasTarget ? Steps.ByBatch : null, Critical: HasTarget ? Steps.Critical : null)
        {
            Grid = Generalization.Grid,
            Cells = HasTarget ? Steps.Cells : null,
            SelectionSamples = selectionSamples,
            SelectionIsErrorRate = Generalization.Metric == "error",
            Target = Steps.Target,
        };

    /// <summary>A solo run's seconds per update at each batch size a throughput measurement timed; null without one.</summary>
    public static Func<long, SoloStepTime?>? SoloTimes(ThroughputResult? t)
    {
        var rows = t?.Rows.ToDictionary(r => r.Batch, r => new SoloStepTime(r.Batch, r.PerUpdate.Median, r.PerUpdate.Min, r.PerUpdate.Max, r.Disturbed));
        return rows is null ? null : b => rows.GetValueOrDefault(b);
    }
}
