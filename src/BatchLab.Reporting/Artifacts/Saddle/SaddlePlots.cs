using BatchLab.Reporting.Plots;
using BatchLab.Saddle;
using BatchLab.Text;

namespace BatchLab.Reporting.Artifacts.Saddle;

/// <summary>
/// The figures of a <see cref="SaddleEscapeResult"/>: steps to escape and to the minimum against B
/// (SGD median with a min–max band; the exact-gradient methods as horizontal reference lines),
/// objective against step for a few runs, and the 2-D trajectories over level curves.
/// A method that never got there appears in the legend with no points.
/// </summary>
static class SaddlePlots
{
    public static IReadOnlyList<PlotSpec> Build(SaddleEscapeResult result) =>
    [
        AgainstBatch(result, "saddle_escape_vs_batch", "Steps to leave the saddle", "steps to escape", s => s.MedianStepsToEscape, s => (s.MinStepsToEscape, s.MaxStepsToEscape)),
        AgainstBatch(result, "saddle_minimum_vs_batch", "Steps to the global minimum", "steps to minimum", s => s.MedianStepsToMinimum, _ => (null, null)),
        Objective(result),
        PlaneTrajectories.Plot(result),
    ];

    static PlotSpec AgainstBatch(
        SaddleEscapeResult result, string id, string title, string yLabel,
        Func<EscapeSummary, double?> median, Func<EscapeSummary, (int? Min, int? Max)> range)
    {
        var sgd = result.Summaries.Where(s => s.Method == EscapeMethod.Sgd).OrderBy(s => s.Batch).ToList();
        var x = sgd.Select(s => (double)s.Batch!.Value).ToList();
        var series = new List<Series>
        {
            new(
                "SGD (median over seeds)", x, [.. sgd.Select(s => median(s) ?? double.NaN)], SeriesStyle.LineAndMarkers,
                Low: [.. sgd.Select(s => (double?)range(s).Min ?? double.NaN)],
                High: [.. sgd.Select(s => (double?)range(s).Max ?? double.NaN)]),
        };
        double[] span = x.Count > 0 ? [x.Min(), x.Max()] : [1, 1];
        foreach (var reference in result.Summaries.Where(s => s.Method != EscapeMethod.Sgd))
        {
            var level = median(reference);
            var name = level is null ? $"{EscapeLabels.Label(reference)}: never in {result.Options.StepBudget} steps" : EscapeLabels.Label(reference);
            series.Add(new Series(name, span, [level ?? double.NaN, level ?? double.NaN], SeriesStyle.Dashed));
        }

        return new PlotSpec(
            id, $"{title} (d = {result.Options.Dimension}, η = {NumberFormat.General.Format(result.Options.LearningRate)}, {result.Options.Seeds} seeds)",
            new Axis("batch size B", AxisScale.Log2), new Axis(yLabel), series);
    }

    static PlotSpec Objective(SaddleEscapeResult result)
    {
        var budget = result.Options.StepBudget;
        var series = result.Traces.Select(t =>
        {
            var run = result.Runs.First(r => (r.Method, r.Batch, r.Seed, r.StartOffset) == (t.Method, t.Batch, t.Seed, t.StartOffset));
            // A float64 fixed point is provably constant from then on: draw it to the end of the budget.
            IReadOnlyList<double> steps = [.. t.Steps.Select(s => (double)s)], values = t.Objective;
            if (run.FixedPointStep is { } frozen)
            {
                (steps, values) = ([.. steps, budget], [.. values, values[^1]]);
            }

            var name = run.FixedPointStep is { } f ? $"{EscapeLabels.Label(run.Method, run.Batch, run.StartOffset)}, float64 fixed point from step {f}" : EscapeLabels.Label(run.Method, run.Batch, run.StartOffset);
            return new Series($"{name}, seed {t.Seed}", steps, values, SeriesStyle.Line);
        }).ToList();
        var threshold = OrthogonalTensor.SaddleValue - result.Options.EscapeMargin;
        series.Add(new Series($"escaped: f ≤ {NumberFormat.General.Format(threshold)}", [0, budget], [threshold, threshold], SeriesStyle.Dashed));
        series.Add(new Series($"minimum: f ≤ {NumberFormat.General.Format(result.Options.MinimumTolerance)}", [0, budget], [result.Options.MinimumTolerance, result.Options.MinimumTolerance], SeriesStyle.Dashed));
        return new PlotSpec(
            "saddle_objective", "Exact objective along a few runs from the saddle (f = 1; global minimum f = 0)",
            new Axis("step"), new Axis("f(U)", AxisScale.Log10), series);
    }
}
