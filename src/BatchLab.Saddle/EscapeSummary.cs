namespace BatchLab.Saddle;

/// <summary>
/// One configuration (method, batch, start offset) over all seeds. Medians count a run that never
/// escaped (or never reached the minimum) as infinitely long, so a median is null when half or more
/// of the seeds never got there; min and max are over the runs that did.
/// </summary>
public sealed record EscapeSummary(
    EscapeMethod Method,
    int? Batch,
    double StartOffset,
    int Seeds,
    int Escaped,
    double? MedianStepsToEscape,
    int? MinStepsToEscape,
    int? MaxStepsToEscape,
    int ReachedMinimum,
    double? MedianStepsToMinimum,
    int FixedPoints,
    int? MaxFixedPointStep)
{
    public static EscapeSummary Of(IReadOnlyList<EscapeRun> runs)
    {
        var first = runs[0];
        var escapes = runs.Where(r => r.Escaped).Select(r => r.StepsToEscape!.Value).ToList();
        var fixedPoints = runs.Where(r => r.FixedPointStep is not null).Select(r => r.FixedPointStep!.Value).ToList();
        return new EscapeSummary(
            first.Method, first.Batch, first.StartOffset, runs.Count,
            escapes.Count, Median(runs.Select(r => r.StepsToEscape)),
            escapes.Count > 0 ? escapes.Min() : null, escapes.Count > 0 ? escapes.Max() : null,
            runs.Count(r => r.ReachedMinimum), Median(runs.Select(r => r.StepsToMinimum)),
            fixedPoints.Count, fixedPoints.Count > 0 ? fixedPoints.Max() : null);
    }

    /// <summary>The median with "never" as +∞; null when it is infinite.</summary>
    static double? Median(IEnumerable<int?> steps)
    {
        var sorted = steps.Select(s => s ?? double.PositiveInfinity).Order().ToList();
        var n = sorted.Count;
        var median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
        return double.IsFinite(median) ? median : null;
    }
}
