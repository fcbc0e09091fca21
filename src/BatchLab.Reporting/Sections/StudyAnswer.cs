using System.Globalization;
using BatchLab.Reporting.Document;
using BatchLab.Studies;
using BatchLab.Studies.Analysis;
using BatchLab.Text;

namespace BatchLab.Reporting.Sections;

/// <summary>
/// The answer box of a study report, built from the same recommendation and analyses as §9 and
/// the cards, so the box never says a number the sections do not. Confidence is read off what the
/// answer rests on: seeds per grid point, how many batch sizes the seed spread cannot tell apart,
/// whether the chosen η̃ sits on the grid's edge, and whether every seed reached the target.
/// </summary>
public static class StudyAnswer
{
    static readonly CultureInfo I = CultureInfo.InvariantCulture;

    public static ReportAnswer Build(StudyAnalysis a, string detailsSection)
    {
        var r = a.Recommendation;
        var rate = r.LearningRate is double eta
            ? $" and η = {NumberFormat.General.Format(eta)} per update" + (r.BaseLearningRate is double tilde ? $" (η̃ = {NumberFormat.Rate(tilde)} per sample)" : "")
            : "";
        var target = a.HasTarget ? a.Steps.Target : null;
        var time = r.ExpectedSecondsToTarget is double s && target is not null
            ? $" It should reach {target} in about {NumberFormat.Duration.Format(s)} of training on this machine."
            : "";
        var figures = new List<KeyFigure>
        {
            new("batch B", NumberFormat.Integer.Format(r.Batch), r.Batch) { Key = "batch" },
            new("micro-batch M", NumberFormat.Integer.Format(r.MicroBatch), r.MicroBatch) { Key = "micro_batch" },
        };
        if (r.LearningRate is double lr)
        {
            figures.Add(new KeyFigure("learning rate η", NumberFormat.General.Format(lr), lr) { Key = "learning_rate" });
        }

        if (r.ExpectedSecondsToTarget is double seconds)
        {
            figures.Add(new KeyFigure("expected time to target here", NumberFormat.Duration.Format(seconds), seconds) { Key = "expected_seconds_to_target" });
        }

        var (level, why, caveats) = Confidence(a);
        figures.Add(new KeyFigure("confidence", level) { Key = "confidence" });
        return new ReportAnswer($"Train with B = {NumberFormat.Integer.Format(r.Batch)}, M = {NumberFormat.Integer.Format(r.MicroBatch)}{rate}.{time}")
        {
            Figures = figures,
            Confidence = why,
            Reasons = r.Reasons,
            Caveats = caveats,
            DetailsSection = detailsSection,
        };
    }

    static (string Level, string Why, List<string> Caveats) Confidence(StudyAnalysis a)
    {
        var r = a.Recommendation;
        var caveats = new List<string>();
        var reasons = new List<string>();
        var doubts = 0;
        var tuned = a.Generalization.ByBatch.Where(b => double.IsFinite(b.MedianTestError)).ToList();
        var chosen = tuned.FirstOrDefault(b => b.Batch == r.Batch);
        var seeds = a.Generalization.Grid.Where(c => c.Batch == r.Batch).Select(c => c.Seeds).DefaultIfEmpty(0).Max();
        if (seeds > 0)
        {
            reasons.Add(string.Create(I, $"{seeds} seed{(seeds == 1 ? "" : "s")} per grid point"));
            if (seeds < 3)
            {
                doubts++;
                caveats.Add(string.Create(I, $"Only {seeds} seed{(seeds == 1 ? "" : "s")} per grid point: differences smaller than the spread between seeds are noise."));
            }
        }

        if (tuned.Count > 0)
        {
            // The same selection as the recommendation's: median validation error where there is one.
            var best = tuned.MinBy(Findings.Selection)!;
            var (validated, tolerance) = Findings.SelectionSpread(best);
            var tied = tuned.Count(b => Findings.Selection(b) <= Findings.Selection(best) + tolerance);
            reasons.Add(string.Create(I, $"{tied} of {tuned.Count} batch sizes are within the seed spread of the lowest {(validated ? "validation" : "test")} error ({NumberFormat.Percent(2).Format(Findings.Selection(best))} at B = {NumberFormat.Batch(best.Batch, best.FullBatch)})"));
            if (tied > 1)
            {
                reasons[^1] += ", so time to the target decided among them";
            }
        }

        var rates = a.Generalization.Grid.Select(c => c.BaseLearningRate).Distinct().Order().ToList();
        if (chosen is not null && rates.Count > 1 && (chosen.BestBaseLearningRate <= rates[0] || chosen.BestBaseLearningRate >= rates[^1]))
        {
            doubts++;
            var side = chosen.BestBaseLearningRate <= rates[0] ? "smallest" : "largest";
            caveats.Add($"The best η̃ at B = {NumberFormat.Integer.Format(r.Batch)} is the grid's {side} ({NumberFormat.Rate(chosen.BestBaseLearningRate)}): a rate beyond the grid may do better.");
        }

        if (a.HasTarget && a.Steps.ByBatch.FirstOrDefault(b => b.Batch == r.Batch) is { } steps && steps.SeedsReached < steps.Seeds)
        {
            doubts++;
            caveats.Add(string.Create(I, $"Only {steps.SeedsReached} of {steps.Seeds} seeds at B = {NumberFormat.Integer.Format(r.Batch)} reached {a.Steps.Target}."));
        }

        if (r.ExpectedSecondsToTarget is not null)
        {
            caveats.Add("Times are measured on this machine; on another one the fastest batch size can differ.");
        }

        if (a.Projection is not null)
        {
            caveats.Add(DataParallelProjection.Caveat);
        }

        caveats.AddRange(a.Diagnostics.Skipped.Select(s => $"Not measured: {s}."));
        var level = doubts switch
        {
            0 when seeds >= 3 => "high",
            0 or 1 => "moderate",
            _ => "low",
        };
        return (level, reasons.Count > 0 ? string.Join("; ", reasons) + "." : "no repeated measurements.", caveats);
    }
}
