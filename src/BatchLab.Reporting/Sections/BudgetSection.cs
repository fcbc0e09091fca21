using System.Globalization;
using BatchLab.Reporting.Document;
using BatchLab.Studies;
using BatchLab.Studies.Budgeted;
using BatchLab.Text;

namespace BatchLab.Reporting.Sections;

/// <summary>
/// How the study spent its training compute: the samples it trained against one run of the
/// preset's budget, and for a budgeted study every rung's decisions, so a reader sees which
/// points of the curves were measured to the full budget, which only to the target, and which
/// rates were dropped on the way (and why).
/// </summary>
public static class BudgetSection
{
    static readonly CultureInfo I = CultureInfo.InvariantCulture;

    public static ReportSection Build(StudyCompute? compute, BudgetedResult? budgeted)
    {
        var figures = new List<KeyFigure>();
        var finding = "The training compute of this study is unknown.";
        if (compute is { } c)
        {
            figures.Add(new KeyFigure("study samples", c.StudySamples.ToString("N0", I), c.StudySamples) { Key = "study_samples" });
            if (c.OneRunSamples is long one)
            {
                figures.Add(new KeyFigure("one run samples", one.ToString("N0", I), one) { Key = "one_run_samples" });
                figures.Add(new KeyFigure("study compute in runs", $"{c.Runs:F1}×", c.Runs) { Key = "study_runs" });
            }

            finding = string.Create(I, $"The study trained {c.StudySamples:N0} samples in {c.Trials} trials")
                + (c.OneRunSamples is long o ? string.Create(I, $", {c.Runs:F1} times one training run of the preset's budget ({o:N0} samples).") : ".")
                + (budgeted is null
                    ? " It trained the whole grid (exhaustive): every cell and seed to the full budget."
                    : $" It was budgeted: every batch size kept, successive halving over the rates of each (rungs at {string.Join(", ", budgeted.Fractions.Select(Fraction))} of the budget, the best 1/{budgeted.Eta} promoted on validation), full budgets only where the answer is decided.");
        }

        var notes = new List<string>();
        var tables = new List<ReportTable>();
        if (budgeted is { } b)
        {
            notes.Add($"Measured to the full budget (they compete for the recommendation): B = {List(b.Competing)}. "
                + (b.StoppedAtTarget.Count > 0 ? $"Measured only to the target (they place B on the steps- and time-to-target curves; their final error is the error at the target, not after the full budget): B = {List(b.StoppedAtTarget)}. " : "")
                + "Every point in the curves is measured; none is predicted. The rungs' shorter runs are decisions, not results: the analysis reads only the last rung.");
            if (b.SeededBatch is long sb)
            {
                notes.Add(string.Create(I, $"Seeds: only the best cell (B = {sb}, rate {NumberFormat.Rate(b.SeededRate ?? double.NaN)}) trained the preset's other seeds; its seed spread is the band within which other batch sizes count as indistinguishable. Every other cell has one seed."));
            }

            notes.AddRange(b.Notes);
            tables.Add(new ReportTable(
                new DataTable("budget_rungs", ["cell", "rung", "fraction", "rate", "score", "promoted", "why not"],
                    [.. b.Decisions.Select(d => (IReadOnlyList<object?>)[d.Cell, d.Rung, d.Fraction, d.Rate, d.Score, d.Promoted ? "yes" : "no", d.Reason])]),
                "Successive halving: each rate at each rung, its validation score at the rung's end, and whether it went on"));
        }

        return new ReportSection("study-compute", "Training compute of the study", finding) { KeyFigures = figures, Notes = notes, Tables = tables };
    }

    static string List(IReadOnlyList<long> batches) => batches.Count == 0 ? "none" : string.Join(", ", batches.Order().Select(x => x.ToString("N0", I)));

    static string Fraction(double f) => f >= 1 ? "1" : string.Create(I, $"1/{Math.Round(1 / f):0}");
}
