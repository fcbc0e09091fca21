using System.Globalization;
using System.Text;
using BatchLab.Text;

namespace BatchLab.Studies.Analysis;

/// <summary>
/// The short findings of the report, computed from the numbers (never canned): each says what
/// was measured and whether it agrees with the paper it tests.
/// </summary>
public static class Findings
{
    static readonly CultureInfo I = CultureInfo.InvariantCulture;

    public static string Generalization(string metric, IReadOnlyList<BatchBest> byBatch)
    {
        var tuned = byBatch.Where(b => double.IsFinite(b.MedianTestError)).ToList();
        if (tuned.Count == 0)
        {
            return "No batch size trained without diverging at any learning rate of the grid: widen the grid towards smaller rates.";
        }

        string Value(double v) => metric == "error" ? NumberFormat.Percent(2).Format(v) : NumberFormat.General.Format(v);
        var best = tuned.MinBy(b => b.MedianTestError)!;
        var first = tuned[0];
        var last = tuned[^1];
        var text = new StringBuilder(string.Create(I,
            $"Best median test {metric} {Value(best.MedianTestError)} at B = {NumberFormat.Batch(best.Batch, best.FullBatch)} (η̃ = {NumberFormat.Rate(best.BestBaseLearningRate)}, chosen on validation). "));
        if (tuned.Count > 1)
        {
            var delta = metric == "error"
                ? string.Create(I, $"{(last.MedianTestError - first.MedianTestError) * 100:+0.00;-0.00} points")
                : string.Create(I, $"{last.MedianTestError - first.MedianTestError:+0.####;-0.####}");
            text.Append(string.Create(I,
                $"Smallest batch B = {NumberFormat.Batch(first.Batch, first.FullBatch)}: {Value(first.MedianTestError)}; largest B = {NumberFormat.Batch(last.Batch, last.FullBatch)}: {Value(last.MedianTestError)} ({delta}). "));
        }

        var testsSmallBand = tuned.Any(b => b.Batch is >= 2 and <= 32) && tuned.Any(b => b.Batch > 32);
        if (testsSmallBand)
        {
            var inside = best.Batch is >= 2 and <= 32;
            text.Append(string.Create(I,
                $"Masters & Luschi (2018) found the best test accuracy at m between 2 and 32; here the best B is {best.Batch}, {(inside ? "inside" : "outside")} that range, so this run {(inside ? "agrees" : "disagrees")}. "));
        }
        else
        {
            text.Append("The grid does not contain both batch sizes in 2..32 and above 32, so it cannot test Masters & Luschi's 2..32 finding. ");
        }

        var bands = byBatch.Where(b => double.IsFinite(b.StableDoublings)).ToList();
        if (bands.Count > 1)
        {
            var change = bands[^1].StableDoublings - bands[0].StableDoublings;
            var trend = change < 0 ? "narrows" : change > 0 ? "widens" : "keeps its width";
            text.Append(string.Create(I,
                $"The stable band of η̃ (no diverged seed) spans {bands[0].StableDoublings:0.#} doublings at B = {NumberFormat.Batch(bands[0].Batch, bands[0].FullBatch)} and {bands[^1].StableDoublings:0.#} at B = {NumberFormat.Batch(bands[^1].Batch, bands[^1].FullBatch)}: it {trend} as B grows (Masters & Luschi: it narrows)."));
        }

        return text.ToString().Trim();
    }
}
