using System.Globalization;
using System.Text;
using BatchLab.Text;

namespace BatchLab.Studies.Analysis;

/// <summary>
/// The short findings of the report, computed from the numbers (never canned): each says what
/// was measured and whether it agrees with the paper it tests; its first sentence is the
/// conclusion a reader acts on.
/// </summary>
public static class Findings
{
    static readonly CultureInfo I = CultureInfo.InvariantCulture;

    /// <summary>
    /// A larger batch whose training error rose by at least this fraction of its test error's rise
    /// did not fit the training set: its test gap is (mostly) an optimization gap.
    /// </summary>
    public const double OptimizationShare = 0.5;

    public static string Generalization(string metric, IReadOnlyList<BatchBest> byBatch, IReadOnlyList<GridCell> grid, RateSearchResult? search = null)
    {
        var tuned = byBatch.Where(b => double.IsFinite(b.MedianTestError)).ToList();
        if (tuned.Count == 0)
        {
            return "No batch size trained to the end, learned and stayed finite at any learning rate tried: widen the grid towards smaller rates or train longer.";
        }

        var error = metric == "error";
        string Value(double v) => error ? NumberFormat.Percent(2).Format(v) : NumberFormat.General.Format(v);
        string Points(double v) => error ? $"{NumberFormat.General.Format(v * 100)} points" : NumberFormat.General.Format(v);
        string B(BatchBest b) => NumberFormat.Batch(b.Batch, b.FullBatch);
        var best = tuned.MinBy(Selection)!;
        var text = new StringBuilder(
            $"B = {B(best)} reaches the lowest validation {metric} here: {Value(Selection(best))} (median over seeds, η̃ = {NumberFormat.Rate(best.BestBaseLearningRate)}); "
            + $"its test {metric} is {Value(best.MedianTestError)} and its training {metric} {Value(best.MedianTrainError)} (rates and batch sizes are chosen on validation; test is only reported). ");

        if (tuned.Count > 1)
        {
            var (first, last) = (tuned[0], tuned[^1]);
            text.Append($"Smallest B = {B(first)}: test {Value(first.MedianTestError)}, training {Value(first.MedianTrainError)} after {NumberFormat.Integer.Format(first.MedianUpdates)} updates; "
                + $"largest B = {B(last)}: test {Value(last.MedianTestError)}, training {Value(last.MedianTrainError)} after {NumberFormat.Integer.Format(last.MedianUpdates)} updates. ");
            text.Append(Cause(first, last, Value, Points));
        }

        var inRange = tuned.Any(b => b.Batch is >= 2 and <= 32) && tuned.Any(b => b.Batch > 32);
        if (inRange)
        {
            var inside = best.Batch is >= 2 and <= 32;
            text.Append($"Masters & Luschi (2018) found the best test accuracy at m between 2 and 32; here the best B on validation is {B(best)}, {(inside ? "inside" : "outside")} that range, so this run {(inside ? "agrees" : "disagrees")}. ");
        }
        else
        {
            text.Append("The grid does not hold batch sizes both in 2..32 and above 32, so it cannot test Masters & Luschi's 2..32 finding. ");
        }

        var edges = tuned.Where(b => b.Edge != RateEdge.Interior).ToList();
        if (edges.Count > 0)
        {
            text.Append("Flag — best rate at the edge of the rates tried: "
                + string.Join("; ", edges.Select(b => $"B = {B(b)} (η̃ = {NumberFormat.Rate(b.BestBaseLearningRate)}, {b.EdgeNote})")) + ". ");
        }

        text.Append(Band(byBatch, grid));
        if (search is not null)
        {
            text.Append(' ').Append(search.Describe());
        }

        return text.ToString().Trim();
    }

    /// <summary>Validation where the data have it, else test.</summary>
    public static double Selection(BatchBest b) => double.IsFinite(b.MedianValError) ? b.MedianValError : b.MedianTestError;

    /// <summary>
    /// The seed spread around the best batch size's selection error (validation where there is one,
    /// else test): batch sizes within it are tied with the best.
    /// </summary>
    public static (bool Validated, double Tolerance) SelectionSpread(BatchBest best) =>
        double.IsFinite(best.MedianValError)
            ? (true, Math.Max(best.MaxValError - best.MedianValError, best.MedianValError - best.MinValError))
            : (false, Math.Max(best.MaxTestError - best.MedianTestError, best.MedianTestError - best.MinTestError));

    /// <summary>
    /// Whether the largest batch's worse test error is an optimization gap (it did not fit the
    /// training set at this budget: Hoffer et al. 2017) or a generalization gap, from the training
    /// errors beside the test errors, and the equal-updates view that separates them.
    /// </summary>
    static string Cause(BatchBest small, BatchBest large, Func<double, string> value, Func<double, string> points)
    {
        var testGap = large.MedianTestError - small.MedianTestError;
        var spread = Math.Max(small.MaxTestError - small.MinTestError, large.MaxTestError - large.MinTestError);
        if (!(testGap > spread) || !double.IsFinite(large.MedianTrainError) || !double.IsFinite(small.MedianTrainError))
        {
            return "";
        }

        var trainGap = large.MedianTrainError - small.MedianTrainError;
        var (b, s) = (NumberFormat.Batch(large.Batch, large.FullBatch), NumberFormat.Batch(small.Batch, small.FullBatch));
        if (trainGap >= OptimizationShare * testGap)
        {
            var updates = NumberFormat.Integer.Format(small.MedianUpdates);
            return $"B = {b} is under-trained at this budget rather than generalizing worse (Hoffer et al. 2017): its training {value(large.MedianTrainError)} is {points(trainGap)} above B = {s}'s, "
                + $"{NumberFormat.Percent(0).Format(Math.Min(1, trainGap / testGap))} of its {points(testGap)} test gap, so the gap is an optimization gap; with the same epochs it made {NumberFormat.Integer.Format(large.MedianUpdates)} updates against {updates}. "
                + $"For the equal-updates view, train B = {b} for {updates} updates (--updates {updates}) before reading a generalization gap into it. ";
        }

        return $"B = {b} generalizes worse: both fit the training set comparably (training {value(large.MedianTrainError)} against {value(small.MedianTrainError)}), "
            + $"and its generalization gap (test − training) is {points(large.GeneralizationGap)} against {points(small.GeneralizationGap)} at B = {s}. ";
    }

    static string Band(IReadOnlyList<BatchBest> byBatch, IReadOnlyList<GridCell> grid)
    {
        var excluded = (Diverged: grid.Count(c => c.DivergedSeeds > 0), Pruned: grid.Count(c => c.PrunedSeeds > 0), Chance: grid.Count(c => c.ChanceSeeds > 0));
        var why = string.Create(I, $"cells with a seed that diverged: {excluded.Diverged}, pruned as not learning: {excluded.Pruned}, ended at chance: {excluded.Chance}");
        var bands = byBatch.Where(b => double.IsFinite(b.StableDoublings)).ToList();
        if (grid.GroupBy(c => c.Batch).All(g => g.Count() == 1))
        {
            return $"One learning rate per batch size, so there is no stable band to compare ({why}).";
        }

        if (bands.Count < 2)
        {
            return $"A rate is stable when every seed trained to the end, learned and stayed finite ({why}).";
        }

        // A band that touches the smallest or largest rate tried at its B is cut by the grid: its
        // width is a lower bound, and a trend of widths across B is then not a measurement.
        var cut = bands.Where(b =>
        {
            var rates = grid.Where(c => c.Batch == b.Batch).Select(c => c.BaseLearningRate).ToList();
            return Close(b.StableMin, rates.Min()) || Close(b.StableMax, rates.Max());
        }).Select(b => NumberFormat.Batch(b.Batch, b.FullBatch)).ToList();
        var change = bands[^1].StableDoublings - bands[0].StableDoublings;
        var trend = change < 0 ? "narrows" : change > 0 ? "widens" : "keeps its width";
        var widths = string.Create(I, $"The stable band of η̃ (every seed trained to the end, learned and stayed finite; {why}) spans {bands[0].StableDoublings:0.#} doublings at B = {NumberFormat.Batch(bands[0].Batch, bands[0].FullBatch)} and {bands[^1].StableDoublings:0.#} at B = {NumberFormat.Batch(bands[^1].Batch, bands[^1].FullBatch)}");
        return cut.Count > 0
            ? $"{widths}, but at B = {string.Join(", ", cut)} the band reaches the edge of the rates tried, so those widths are lower bounds and whether it narrows as B grows (Masters & Luschi) is not measured here."
            : $"{widths}: it {trend} as B grows (Masters & Luschi: it narrows).";
    }

    static bool Close(double a, double b) => Math.Abs(a - b) <= 1e-12 * Math.Max(Math.Abs(a), Math.Abs(b));
}
