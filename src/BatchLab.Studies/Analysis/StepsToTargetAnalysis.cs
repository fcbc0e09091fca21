using System.Globalization;

namespace BatchLab.Studies.Analysis;

/// <summary>One seed's interpolated updates and samples to the target.</summary>
public sealed record SeedSteps(double Steps, double Samples);

/// <summary>
/// Seconds per update of a solo training run at one batch size on this machine (median over
/// interleaved repeats, with their range), and why the point is still not trusted when it is not.
/// </summary>
public sealed record SoloStepTime(long Batch, double SecondsPerUpdate, double Low, double High, string? Disturbed = null);

/// <summary>
/// Steps and samples to the target at one batch size, at its best learning rate: medians over
/// the seeds that reached it of the crossing interpolated between evaluations
/// (<see cref="Training.TargetHit.CrossingUpdate"/>). <see cref="SecondsPerUpdate"/> is a solo
/// run's at this B on this machine (<see cref="TimingSource"/> says where it came from).
/// </summary>
public sealed record BatchSteps(long Batch, bool FullBatch, double BestBaseLearningRate, double Steps, double Samples, double SecondsPerUpdate, int SeedsReached, int Seeds)
{
    /// <summary>Time to target on this machine: steps × seconds per update of a solo run.</summary>
    public double Seconds => Steps * SecondsPerUpdate;

    /// <summary>The median of the trials' own seconds per update (a fused member's share of its group).</summary>
    public double TrialSecondsPerUpdate { get; init; } = double.NaN;

    /// <summary>"solo timing" (measured for this B with interleaved repeats) or "trials" (no timing measured: the trials' own).</summary>
    public string TimingSource { get; init; } = "trials";

    /// <summary>Why the timing of this B is not trusted (disturbed by load after re-measuring); null when it is.</summary>
    public string? TimingDisturbed { get; init; }

    /// <summary>Each seed's interpolated updates and samples to the target at the best rate (for the bootstrap).</summary>
    public IReadOnlyList<SeedSteps> PerSeed { get; init; } = [];
}

/// <summary>
/// Steps and time to the target of one grid cell (B, η̃): medians over the seeds that reached it,
/// NaN unless most seeds did. <see cref="SecondsPerUpdate"/> is the batch size's (solo timing
/// where measured), so cells of one B differ only in their updates.
/// </summary>
public sealed record CellSteps(long Batch, bool FullBatch, double BaseLearningRate, double Steps, double Samples, double SecondsPerUpdate, int SeedsReached, int Seeds)
{
    public double Seconds => Steps * SecondsPerUpdate;

    public IReadOnlyList<SeedSteps> PerSeed { get; init; } = [];

    /// <summary>Whether this cell is (B, η̃) within a relative 1e-9 of the rate.</summary>
    public bool Is(long batch, double baseLearningRate) => Batch == batch && Math.Abs(BaseLearningRate - baseLearningRate) <= 1e-9 * baseLearningRate;
}

/// <summary>Report sections 2 and 3: steps, samples and time to the target versus batch size.</summary>
public sealed record StepsToTargetResult(string Target, IReadOnlyList<BatchSteps> ByBatch, ScalingFit? Fit, string Finding, string TimeFinding)
{
    /// <summary>Every grid cell's steps and time to the target (the answer predicts one cell, not a batch size's fastest rate).</summary>
    public IReadOnlyList<CellSteps> Cells { get; init; } = [];

    public SamplesFit? SamplesFit { get; init; }

    public CriticalBatch? Critical { get; init; }
}

/// <summary>
/// Shallue et al. (2018): for each B, the fewest updates to reach the target over the learning
/// rates tried (median over seeds; a rate counts only when most seeds reach it), at update
/// resolution: each seed's crossing is interpolated linearly between the evaluation before and
/// the one that met the target. Then S = S_min(1 + B_noise/B) fitted to the steps, whose B_noise
/// is also B_crit = E_min/S_min (samples ≈ B × updates make E's fit the same fit), with a
/// bootstrap interval that redraws the seeds and re-selects the rate (<see cref="CriticalBatchBootstrap"/>), and
/// the time to target from a solo run's measured seconds per update at each B.
/// </summary>
public static class StepsToTargetAnalysis
{
    /// <param name="solo">Seconds per update of a solo run at a batch size, where measured.</param>
    public static StepsToTargetResult Analyse(IReadOnlyList<FinishedTrial> outcomes, Func<long, SoloStepTime?>? solo = null)
    {
        outcomes = [.. outcomes.Where(o => o.OnFixedGrid)]; // an adaptive run has no one B, a decaying twin is another recipe: AdaptiveComparison
        var target = outcomes.Select(o => o.Target).FirstOrDefault(t => t is not null) is { } t
            ? string.Create(CultureInfo.InvariantCulture, $"{t.Metric} ≤ {t.Threshold}")
            : "the target";
        var perBatch = outcomes.GroupBy(o => o.Batch).OrderBy(g => g.Key).Select(g => PerBatch(g, solo)).ToList();
        var byBatch = perBatch.Select(p => p.Batch).ToList();
        var reached = byBatch.Where(b => double.IsFinite(b.Steps)).ToList();
        var fit = ScalingFit.Fit([.. reached.Select(b => ((double)b.Batch, b.Steps))]);
        var samplesFit = SamplesFit.Fit([.. reached.Select(b => ((double)b.Batch, b.Samples))]);
        // B_crit = E_min/S_min is B_noise of the steps fit: samples ≈ B × updates, so E(B) = B·S(B) =
        // S_min·B_noise·(1 + B/B_noise) and the samples fit is the steps fit in other parameters.
        // One fit, reported once; the samples fit only draws its curve.
        var cells = perBatch.SelectMany(p => p.Cells).ToList();
        var critical = fit is not null ? CriticalBatchBootstrap.Estimate(cells, fit) : null;
        return new StepsToTargetResult(target, byBatch, fit, ScalingFindings.Steps(target, byBatch, fit, critical), ScalingFindings.Time(target, byBatch))
        {
            SamplesFit = samplesFit,
            Critical = critical,
            Cells = cells,
        };
    }

    static (BatchSteps Batch, List<CellSteps> Cells) PerBatch(IGrouping<long, FinishedTrial> batch, Func<long, SoloStepTime?>? solo)
    {
        var trialSeconds = Stats.Median(batch.Where(o => !o.Diverged && o.Updates > 0).Select(o => o.SecondsPerUpdate));
        var timing = solo?.Invoke(batch.Key);
        var cells = batch.GroupBy(o => Math.Round(o.BaseLearningRate, 15)).Select(cell =>
        {
            var hits = cell.Where(o => o.Target is not null).ToList();
            var majority = hits.Count * 2 > cell.Count();
            return (Rate: cell.First().BaseLearningRate,
                Steps: majority ? Stats.Median(hits.Select(o => o.Target!.CrossingUpdate)) : double.NaN,
                Samples: majority ? Stats.Median(hits.Select(o => o.Target!.CrossingSamples)) : double.NaN,
                PerSeed: hits.Select(o => new SeedSteps(o.Target!.CrossingUpdate, o.Target.CrossingSamples)).ToList(),
                Reached: hits.Count, Seeds: cell.Count());
        }).ToList();
        var best = cells.Where(c => double.IsFinite(c.Steps)).OrderBy(c => c.Steps).FirstOrDefault();
        var first = batch.First();
        var seconds = timing?.SecondsPerUpdate ?? trialSeconds;
        var steps = best.Seeds == 0
            ? new BatchSteps(batch.Key, first.FullBatch, double.NaN, double.NaN, double.NaN, seconds, 0, cells.Sum(c => c.Seeds) / Math.Max(1, cells.Count))
            : new BatchSteps(batch.Key, first.FullBatch, best.Rate, best.Steps, best.Samples, seconds, best.Reached, best.Seeds) { PerSeed = best.PerSeed };
        var perCell = cells.OrderBy(c => c.Rate).Select(c => new CellSteps(batch.Key, first.FullBatch, c.Rate, c.Steps, c.Samples, seconds, c.Reached, c.Seeds) { PerSeed = c.PerSeed }).ToList();
        return (steps with
        {
            TrialSecondsPerUpdate = trialSeconds,
            TimingSource = timing is null ? "trials" : "solo timing",
            TimingDisturbed = timing?.Disturbed,
        }, perCell);
    }
}
