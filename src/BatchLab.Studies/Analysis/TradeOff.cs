using BatchLab.Text;

namespace BatchLab.Studies.Analysis;

/// <summary>
/// One (B, η̃) cell as the answer offers it: its selection error (median over seeds of the
/// validation error, else the test error), the seeds behind it, and its predicted updates and
/// seconds to the target (NaN when most of its seeds did not reach it or no target was set).
/// </summary>
public sealed record AnswerCell(long Batch, bool FullBatch, double BaseLearningRate, double SelectionError, double Steps, double Seconds, int Seeds)
{
    public bool HasTime => double.IsFinite(Seconds);

    public bool Same(AnswerCell other) => Batch == other.Batch && Math.Abs(BaseLearningRate - other.BaseLearningRate) <= 1e-9 * BaseLearningRate;

    public string Name => $"B = {NumberFormat.Batch(Batch, FullBatch)} at η̃ = {NumberFormat.Rate(BaseLearningRate)}";
}

/// <summary>
/// How far above the lowest selection error a cell may sit and still be statistically
/// indistinguishable from it: √(h² + SE²), with h the best cell's seed half-range (0 with one
/// seed) and SE = √(p(1−p)/n) the binomial standard error of an error rate p measured on n
/// validation samples (the "one standard error" rule; 0 when n is unknown or the metric is a
/// loss). At 500 samples and 17% error SE is 1.7 points: one seed's ±0 is never the band.
/// </summary>
public sealed record SelectionBand(double Width, double SeedHalfRange, double StandardError, bool Validated, int Seeds, long? Samples)
{
    public string Split => Validated ? "validation" : "test";

    public static SelectionBand Of(double median, double min, double max, bool validated, int seeds, long? samples, bool errorRate)
    {
        var half = seeds != 1 && double.IsFinite(min) && double.IsFinite(max) ? Math.Max(max - median, median - min) : 0;
        var se = errorRate && samples is > 0 && median is >= 0 and <= 1 ? Math.Sqrt(median * (1 - median) / samples.Value) : 0;
        return new SelectionBand(Math.Sqrt((half * half) + (se * se)), half, se, validated, seeds, samples);
    }

    /// <summary>"±0.62 points (seed half-range 0.3, binomial standard error 0.54 on 5,000 validation samples)".</summary>
    public string Describe(bool errorRate)
    {
        string P(double v) => errorRate ? NumberFormat.General.Format(v * 100) : NumberFormat.General.Format(v);
        var unit = errorRate ? " points" : "";
        var parts = new List<string> { Seeds != 1 ? $"seed half-range {P(SeedHalfRange)}" : "one seed: no seed spread" };
        parts.Add(StandardError > 0 ? $"binomial standard error {P(StandardError)} on {NumberFormat.Integer.Format(Samples ?? 0)} {Split} samples" : "no sampling error known");
        return $"±{P(Width)}{unit} ({string.Join(", ", parts)})";
    }
}

/// <summary>
/// The answer as a trade-off: the cell with the lowest final error, the cell fastest to the
/// target, and the recommendation with the rule that chose it. The rule: take the lowest
/// selection error; among the cells within its <see cref="SelectionBand"/> (indistinguishable from
/// it), the one that reaches the target soonest on this machine (without a time: the largest B,
/// which uses the hardware best). The fastest cell outside the band is offered apart, for speed.
/// `study` and `advise --study` both answer through <see cref="TradeOffRule.Of"/>.
/// </summary>
public sealed record TradeOff(AnswerCell Recommended, AnswerCell Lowest, AnswerCell? Fastest, SelectionBand Band, bool ErrorRate, IReadOnlyList<AnswerCell> Tied)
{
    /// <summary>The fastest cell is not the recommendation: the user chooses speed or final error.</summary>
    public AnswerCell? SpeedAlternative => Fastest is { } f && !f.Same(Recommended) ? f : null;

    /// <summary>The lowest-error cell is not the recommendation (it is within the band, but slower).</summary>
    public AnswerCell? ErrorAlternative => Lowest.Same(Recommended) ? null : Lowest;

    string Value(double v) => ErrorRate ? NumberFormat.Percent(2).Format(v) : NumberFormat.General.Format(v);

    string Points(double v) => ErrorRate ? $"{NumberFormat.General.Format(v * 100)} points" : NumberFormat.General.Format(v);

    /// <summary>The rule, in words, with this study's band.</summary>
    public string Rule => $"lowest median {Band.Split} error; among the {Tied.Count} cell{(Tied.Count == 1 ? "" : "s")} within {Band.Describe(ErrorRate)} of it, "
        + (Tied.Any(c => c.HasTime) ? "the one that reaches the target soonest here" : "the largest B (no time to target to compare)");

    /// <summary>The trade-off in one sentence each: speed against final error, and what the rule chose.</summary>
    public IReadOnlyList<string> Lines(string target)
    {
        var r = Recommended;
        var lines = new List<string>();
        var time = r.HasTime ? $", {NumberFormat.Duration.Format(r.Seconds)} to {target} predicted ({NumberFormat.General.Format(r.Steps)} updates)" : "";
        lines.Add($"Recommended: {r.Name}, {Band.Split} error {Value(r.SelectionError)}{time}. Rule: {Rule}.");
        if (SpeedAlternative is { } f)
        {
            var gap = f.SelectionError - Lowest.SelectionError;
            var factor = r.HasTime ? $"{NumberFormat.General.Format(r.Seconds / f.Seconds)}× faster to {target} ({NumberFormat.Duration.Format(f.Seconds)} against {NumberFormat.Duration.Format(r.Seconds)})" : $"the fastest to {target} ({NumberFormat.Duration.Format(f.Seconds)})";
            lines.Add($"For speed: {f.Name} is {factor} but ends {Points(gap)} worse on {Band.Split} ({Value(f.SelectionError)} against {Value(Lowest.SelectionError)}), beyond the band of ±{Points(Band.Width)}.");
        }

        if (ErrorAlternative is { } l)
        {
            var slower = l.HasTime && r.HasTime ? $", {NumberFormat.General.Format(l.Seconds / r.Seconds)}× the time to {target} ({NumberFormat.Duration.Format(l.Seconds)})" : "";
            lines.Add($"Lowest final error: {l.Name}, {Value(l.SelectionError)}, {Points(r.SelectionError - l.SelectionError)} below the recommendation, within the band (not a measured difference){slower}.");
        }

        return lines;
    }
}

/// <summary>The one rule that picks the answer's cell; see <see cref="TradeOff"/>.</summary>
public static class TradeOffRule
{
    /// <summary>A candidate cell: its selection error's median and seed range, and its seeds.</summary>
    public sealed record Candidate(long Batch, bool FullBatch, double BaseLearningRate, double Median, double Min, double Max, bool Validated, int Seeds);

    /// <param name="candidates">Cells whose every seed trained, learned and stayed finite.</param>
    /// <param name="time">Predicted (updates, seconds) to the target of a cell; NaN when none.</param>
    /// <param name="samples">Validation samples (test samples when the data have no validation split); null = unknown.</param>
    public static TradeOff? Of(IReadOnlyList<Candidate> candidates, Func<long, double, (double Steps, double Seconds)> time, long? samples, bool errorRate)
    {
        var valid = candidates.Where(c => double.IsFinite(c.Median)).ToList();
        if (valid.Count == 0)
        {
            return null;
        }

        var cells = valid.Select(c => (c, Cell: Cell(c, time))).ToList();
        var lowest = cells.MinBy(p => p.c.Median);
        var band = SelectionBand.Of(lowest.c.Median, lowest.c.Min, lowest.c.Max, lowest.c.Validated, lowest.c.Seeds, samples, errorRate);
        var tied = cells.Where(p => p.c.Median <= lowest.c.Median + band.Width + 1e-12).Select(p => p.Cell).ToList();
        var timed = tied.Where(c => c.HasTime).ToList();
        var recommended = timed.Count > 0
            ? timed.MinBy(c => c.Seconds)!
            : tied.Where(c => c.Batch == tied.Max(t => t.Batch)).MinBy(c => c.SelectionError)!;
        var fastest = cells.Select(p => p.Cell).Where(c => c.HasTime).MinBy(c => c.Seconds);
        return new TradeOff(recommended, lowest.Cell, fastest, band, errorRate, tied);
    }

    static AnswerCell Cell(Candidate c, Func<long, double, (double Steps, double Seconds)> time)
    {
        var (steps, seconds) = time(c.Batch, c.BaseLearningRate);
        return new AnswerCell(c.Batch, c.FullBatch, c.BaseLearningRate, c.Median, steps, seconds, c.Seeds);
    }

    /// <summary>The stable cells of a grid as candidates (validation where the data have it, else test).</summary>
    public static IReadOnlyList<Candidate> FromGrid(IEnumerable<GridCell> grid) =>
        [.. grid.Where(c => c.Stable).Select(c => double.IsFinite(c.MedianValError)
            ? new Candidate(c.Batch, c.FullBatch, c.BaseLearningRate, c.MedianValError, c.MinValError, c.MaxValError, true, c.Seeds)
            : new Candidate(c.Batch, c.FullBatch, c.BaseLearningRate, c.MedianTestError, c.MinTestError, c.MaxTestError, false, c.Seeds))];

    /// <summary>Each batch size's best cell as a candidate, when only those are known.</summary>
    public static IReadOnlyList<Candidate> FromBest(IEnumerable<BatchBest> best) =>
        [.. best.Where(b => double.IsFinite(b.MedianTestError)).Select(b => double.IsFinite(b.MedianValError)
            ? new Candidate(b.Batch, b.FullBatch, b.BestBaseLearningRate, b.MedianValError, b.MinValError, b.MaxValError, true, b.Seeds)
            : new Candidate(b.Batch, b.FullBatch, b.BestBaseLearningRate, b.MedianTestError, b.MinTestError, b.MaxTestError, false, b.Seeds))];
}
