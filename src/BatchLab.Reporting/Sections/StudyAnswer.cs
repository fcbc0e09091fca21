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
        var tradeOff = r.TradeOff?.Lines(target ?? "the target").ToList() ?? [];
        if (a.Check is { } check)
        {
            tradeOff.Add("Check of the recommendation: " + check.Finding);
        }

        if (a.FastestCheck is { } fast)
        {
            tradeOff.Add("Check of the fastest cell: " + fast.Finding);
        }

        return new ReportAnswer($"Train with B = {NumberFormat.Integer.Format(r.Batch)}, M = {NumberFormat.Integer.Format(r.MicroBatch)}{rate}.{time}")
        {
            Figures = figures,
            TradeOff = tradeOff,
            Apply = ApplyLines.Of(a.Preset.Sweep.Base, r),
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
        // The recommended cell's own seeds: a budgeted study seeds only the best cell, so "per grid
        // point" read one seed while the answer rested on two.
        var chosenCells = a.Generalization.Grid.Where(c => c.Batch == r.Batch && (r.BaseLearningRate is not double lr || Math.Abs(c.BaseLearningRate - lr) <= 1e-9 * lr)).ToList();
        var seeds = chosenCells.Select(c => c.Seeds).DefaultIfEmpty(0).Max();
        var fewest = a.Generalization.Grid.Select(c => c.Seeds).DefaultIfEmpty(0).Min();
        var most = a.Generalization.Grid.Select(c => c.Seeds).DefaultIfEmpty(0).Max();
        string Seeds(int n) => string.Create(I, $"{n} seed{(n == 1 ? "" : "s")}");
        if (seeds > 0)
        {
            reasons.Add(fewest == most ? $"{Seeds(seeds)} per grid point" : $"{Seeds(seeds)} at the recommended cell ({(fewest == 1 && most == seeds ? "1 elsewhere" : $"{fewest} to {most} across the grid")})");
            if (seeds < 3)
            {
                doubts++;
                caveats.Add($"Only {Seeds(seeds)} at the recommended cell: differences smaller than the spread between seeds are noise.");
            }
        }

        if (r.TradeOff is { } t)
        {
            // The same band and rule as the recommendation's (TradeOffRule).
            reasons.Add($"{t.Tied.Count} of {a.Generalization.Grid.Count(c => c.Stable)} stable cells (B, η̃) are within {t.Band.Describe(a.Generalization.Metric == "error")} of the lowest {t.Band.Split} {a.Generalization.Metric} ({NumberFormat.Percent(2).Format(t.Lowest.SelectionError)} at {t.Lowest.Name})");
            if (t.Tied.Count > 1)
            {
                reasons[^1] += ", so time to the target decided among them";
            }
        }

        // The edge of the chosen cell's own row: the rates tried at its B (a fixed `lr` axis gives each B other η̃).
        var rates = a.Generalization.Grid.Where(c => c.Batch == r.Batch).Select(c => c.BaseLearningRate).Order().ToList();
        if (r.BaseLearningRate is double chosen && rates.Count > 1 && (chosen <= rates[0] * (1 + 1e-9) || chosen >= rates[^1] * (1 - 1e-9)))
        {
            doubts++;
            var side = chosen <= rates[0] * (1 + 1e-9) ? "smallest" : "largest";
            caveats.Add($"The chosen η̃ = {NumberFormat.Rate(chosen)} is the {side} rate tried at B = {NumberFormat.Integer.Format(r.Batch)}: a rate beyond it may do better.");
        }

        if (a.HasTarget && r.BaseLearningRate is double rate && a.Steps.Cells.FirstOrDefault(c => c.Is(r.Batch, rate)) is { } cell && cell.SeedsReached < cell.Seeds)
        {
            doubts++;
            caveats.Add(string.Create(I, $"Only {cell.SeedsReached} of {cell.Seeds} seeds at B = {NumberFormat.Integer.Format(r.Batch)}, η̃ = {NumberFormat.Rate(rate)} reached {a.Steps.Target}."));
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
        // One seed gives no spread between seeds: whatever else holds, the answer is a single draw.
        var level = seeds == 1 ? "low" : doubts switch
        {
            0 when seeds >= 3 => "high",
            0 or 1 => "moderate",
            _ => "low",
        };
        return (level, reasons.Count > 0 ? string.Join("; ", reasons) + "." : "no repeated measurements.", caveats);
    }
}
