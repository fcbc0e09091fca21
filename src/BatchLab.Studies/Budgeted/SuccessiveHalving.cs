namespace BatchLab.Studies.Budgeted;

/// <summary>One learning rate's result at a rung: its validation score (error or loss, lower is better) and whether it failed (diverged, pruned, at chance or no finite score).</summary>
public sealed record RungEntry(double Rate, double Score, bool Failed);

/// <summary>
/// The pure rules of a budgeted study (Jamieson &amp; Talwalkar 2016; Li et al. 2018): which rates a
/// rung promotes, where the rate search goes beyond the grid's edge, and which batch sizes compete
/// for the recommendation. No I/O: <see cref="BudgetedStudy"/> applies them to stored trials.
/// </summary>
public static class SuccessiveHalving
{
    /// <summary>
    /// The best ⌈n/η⌉ (at least one) of a rung's n rates on validation, best first; a failed rate is
    /// never promoted (so a rung where every rate failed promotes none). Ties go to the smaller rate.
    /// </summary>
    public static IReadOnlyList<double> Promote(IReadOnlyList<RungEntry> entries, int eta)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(eta, 2);
        var keep = Math.Max(1, (entries.Count + eta - 1) / eta);
        return [.. entries.Where(e => !e.Failed && double.IsFinite(e.Score)).OrderBy(e => e.Score).ThenBy(e => e.Rate).Take(keep).Select(e => e.Rate)];
    }

    /// <summary>
    /// The next rate to try beyond the tried ones, or null: one grid step (<paramref name="ratio"/>)
    /// below the smallest when the best is the smallest (or when every rate failed: at a fixed
    /// budget the failures of a grid are its large rates), one above the largest when the best is
    /// the largest. A best with a tried rate on both sides is bracketed: null.
    /// </summary>
    public static double? Extend(IReadOnlyList<RungEntry> entries, double ratio)
    {
        if (entries.Count == 0)
        {
            return null;
        }

        var rates = entries.Select(e => e.Rate).Distinct().Order().ToList();
        var best = entries.Where(e => !e.Failed && double.IsFinite(e.Score)).OrderBy(e => e.Score).ThenBy(e => e.Rate).FirstOrDefault();
        return best is null ? rates[0] / ratio
            : rates.Count == 1 ? null
            : best.Rate == rates[0] ? rates[0] / ratio
            : best.Rate == rates[^1] ? rates[^1] * ratio
            : null;
    }

    /// <summary>
    /// The batch sizes that compete for the recommendation, from each one's best score at the last
    /// two rungs (<c>Before</c>, <c>Last</c>): one competes when, continuing its own trend from the
    /// last rung to the end of the budget, it could reach the best last score within two binomial
    /// standard errors of the validation split. The trend is linear in the budget — the rest of the
    /// budget is <paramref name="remaining"/> times the step between the last two rungs — which
    /// overstates how much a flattening curve still falls, so a doubtful batch size competes.
    /// Only the competitors need their final error (the generalization comparison); the others
    /// only place B on the steps-to-target curve and may stop at the target.
    /// </summary>
    public static IReadOnlySet<TKey> Competing<TKey>(IReadOnlyDictionary<TKey, (double Before, double Last)> byBatch, double remaining, int validationSamples)
        where TKey : notnull
    {
        var finite = byBatch.Where(b => double.IsFinite(b.Value.Last)).ToList();
        if (finite.Count == 0)
        {
            return new HashSet<TKey>(byBatch.Keys);
        }

        var best = finite.Min(b => b.Value.Last);
        var se = validationSamples > 0 ? Math.Sqrt(Math.Clamp(best, 0, 1) * (1 - Math.Clamp(best, 0, 1)) / validationSamples) : 0;
        return new HashSet<TKey>(byBatch.Where(b =>
        {
            var (before, last) = b.Value;
            if (!double.IsFinite(last))
            {
                return false;
            }

            var drop = double.IsFinite(before) ? Math.Max(0, before - last) : 0;
            return last - (remaining * drop) <= best + (2 * se);
        }).Select(b => b.Key));
    }

    /// <summary>The rung fractions of the budget for <paramref name="rungs"/> rungs at ratio η: 1/η^(r-1) … 1/η, 1.</summary>
    public static IReadOnlyList<double> Fractions(int rungs, int eta) =>
        [.. Enumerable.Range(0, rungs).Select(r => Math.Pow(eta, -(rungs - 1 - r)))];
}
