using System.Globalization;

namespace BatchLab.Studies.Analysis;

/// <summary>Steps and samples to the target at one batch size, at its best learning rate.</summary>
public sealed record BatchSteps(long Batch, bool FullBatch, double BestBaseLearningRate, double Steps, double Samples, double SecondsPerUpdate, int SeedsReached, int Seeds)
{
    /// <summary>Time to target on this machine: steps × measured seconds per update.</summary>
    public double Seconds => Steps * SecondsPerUpdate;
}

/// <summary>Report sections 2 and 3: steps, samples and time to the target versus batch size.</summary>
public sealed record StepsToTargetResult(string Target, IReadOnlyList<BatchSteps> ByBatch, ScalingFit? Fit, string Finding, string TimeFinding);

/// <summary>
/// Shallue et al. (2018): for each B, the fewest updates to reach the target over the learning-rate
/// grid (median over seeds; a grid point counts only when most seeds reach it), then the fit of
/// S = S_min(1 + B_noise/B) and the time to target from the measured time per update.
/// </summary>
public static class StepsToTargetAnalysis
{
    public static StepsToTargetResult Analyse(IReadOnlyList<FinishedTrial> outcomes)
    {
        var target = outcomes.Select(o => o.Target).FirstOrDefault(t => t is not null) is { } t
            ? string.Create(CultureInfo.InvariantCulture, $"{t.Metric} ≤ {t.Threshold}")
            : "the target";
        var byBatch = outcomes.GroupBy(o => o.Batch).OrderBy(g => g.Key).Select(PerBatch).ToList();
        var reached = byBatch.Where(b => double.IsFinite(b.Steps)).ToList();
        var fit = ScalingFit.Fit([.. reached.Select(b => ((double)b.Batch, b.Steps))]);
        return new StepsToTargetResult(target, byBatch, fit, ScalingFindings.Steps(target, byBatch, fit), ScalingFindings.Time(target, byBatch));
    }

    static BatchSteps PerBatch(IGrouping<long, FinishedTrial> batch)
    {
        var secondsPerUpdate = Stats.Median(batch.Where(o => !o.Diverged && o.Updates > 0).Select(o => o.SecondsPerUpdate));
        var cells = batch.GroupBy(o => Math.Round(o.BaseLearningRate, 15)).Select(cell =>
        {
            var hits = cell.Where(o => o.Target is not null).ToList();
            var majority = hits.Count * 2 > cell.Count();
            return (Rate: cell.First().BaseLearningRate,
                Steps: majority ? Stats.Median(hits.Select(o => (double)o.Target!.Update)) : double.NaN,
                Samples: majority ? Stats.Median(hits.Select(o => (double)o.Target!.Samples)) : double.NaN,
                Reached: hits.Count, Seeds: cell.Count());
        }).ToList();
        var best = cells.Where(c => double.IsFinite(c.Steps)).OrderBy(c => c.Steps).FirstOrDefault();
        var first = batch.First();
        return best.Seeds == 0
            ? new BatchSteps(batch.Key, first.FullBatch, double.NaN, double.NaN, double.NaN, secondsPerUpdate, 0, cells.Sum(c => c.Seeds) / Math.Max(1, cells.Count))
            : new BatchSteps(batch.Key, first.FullBatch, best.Rate, best.Steps, best.Samples, secondsPerUpdate, best.Reached, best.Seeds);
    }
}
