
namespace BatchLab.Saddle;

/// <summary>
/// What <see cref="SaddleEscapeExperiment"/> measured: the checks of each seed's problem, the
/// closed-form reference numbers, one summary per configuration, every run, the objective traces
/// that are plotted, and the 2-D runs. Tables and plots are derived from these (not serialised
/// twice); the finding (Studies.Findings) is a paragraph computed from the numbers.
/// </summary>
public sealed record SaddleEscapeResult(
    SaddleEscapeOptions Options,
    IReadOnlyList<SeedCheck> Checks,
    EscapeTheory Theory,
    IReadOnlyList<EscapeSummary> Summaries,
    IReadOnlyList<EscapeRun> Runs,
    IReadOnlyList<ObjectiveTrace> Traces,
    IReadOnlyList<PlaneRun> Plane,
    double Seconds)
{
    /// <summary>
    /// Steps added to SGD's median escape per doubling of B: the least-squares slope of the median
    /// against log₂ B over the batch sizes whose median is finite; null with fewer than two.
    /// </summary>
    public double? StepsPerBatchDoubling
    {
        get
        {
            var points = Summaries.Where(s => s.Method == EscapeMethod.Sgd && s.MedianStepsToEscape is not null)
                .Select(s => (X: Math.Log2(s.Batch!.Value), Y: s.MedianStepsToEscape!.Value)).ToList();
            if (points.Count < 2)
            {
                return null;
            }

            var (mx, my) = (points.Average(p => p.X), points.Average(p => p.Y));
            return points.Sum(p => (p.X - mx) * (p.Y - my)) / points.Sum(p => (p.X - mx) * (p.X - mx));
        }
    }
}
