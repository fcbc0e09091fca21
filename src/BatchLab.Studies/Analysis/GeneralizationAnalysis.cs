namespace BatchLab.Studies.Analysis;

/// <summary>
/// One grid point (B, η̃) over its seeds: test, validation and training error (medians; test and
/// validation ranges), how many seeds diverged, were pruned as not learning, or ended at chance,
/// and the median number of updates the seeds made.
/// </summary>
public sealed record GridCell(long Batch, bool FullBatch, double BaseLearningRate, double MedianTestError, double MinTestError, double MaxTestError, double MedianValError, int Seeds, int DivergedSeeds)
{
    public double MinValError { get; init; } = double.NaN;

    public double MaxValError { get; init; } = double.NaN;

    public double MedianTrainError { get; init; } = double.NaN;

    public int PrunedSeeds { get; init; }

    /// <summary>Seeds that completed with a training error within the pruning margin of chance: they never learned.</summary>
    public int ChanceSeeds { get; init; }

    public double MedianUpdates { get; init; } = double.NaN;

    /// <summary>Every seed trained to the end, learned (above chance) and stayed finite: the only cells a stable band or a best rate may come from.</summary>
    public bool Stable => DivergedSeeds == 0 && PrunedSeeds == 0 && ChanceSeeds == 0 && double.IsFinite(MedianTestError);
}

/// <summary>Where a batch size's best η̃ sits among the rates tried at that B.</summary>
public enum RateEdge
{
    /// <summary>A rate was tried on each side: the optimum is bracketed.</summary>
    Interior,

    /// <summary>The best is the smallest rate tried: a smaller one might be better.</summary>
    Lowest,

    /// <summary>The best is the largest rate tried: a larger one might be better.</summary>
    Highest,
}

/// <summary>
/// The best learning rate of one batch size, chosen by median validation error (the test set is
/// only reported), with its validation, test and training errors, where it sits among the rates
/// tried, and the band of per-sample rates η̃ at which every seed trained, learned and stayed finite.
/// </summary>
public sealed record BatchBest(long Batch, bool FullBatch, double BestBaseLearningRate, double MedianTestError, double MinTestError, double MaxTestError, double StableMin, double StableMax)
{
    public double MedianValError { get; init; } = double.NaN;

    public double MinValError { get; init; } = double.NaN;

    public double MaxValError { get; init; } = double.NaN;

    public double MedianTrainError { get; init; } = double.NaN;

    public double MedianUpdates { get; init; } = double.NaN;

    /// <summary>Seeds at the best rate (0 = not known).</summary>
    public int Seeds { get; init; }

    public RateEdge Edge { get; init; }

    /// <summary>Why the edge stands (the search's cap, or a fixed grid); null when interior.</summary>
    public string? EdgeNote { get; init; }

    /// <summary>Width of the stable band in doublings of η̃ (0 when only one rate was stable).</summary>
    public double StableDoublings => double.IsFinite(StableMin) ? Math.Log2(StableMax / StableMin) : double.NaN;

    /// <summary>Test minus training error: the generalization gap of this batch size's best solution.</summary>
    public double GeneralizationGap => MedianTestError - MedianTrainError;
}

/// <summary>Generalization versus batch size: report section 1.</summary>
public sealed record GeneralizationResult(string Metric, IReadOnlyList<GridCell> Grid, IReadOnlyList<BatchBest> ByBatch, string Finding)
{
    /// <summary>The error of always answering the most frequent class; null for regression or when unknown.</summary>
    public double? ChanceError { get; init; }
}

/// <summary>
/// Best error per B over the learning rates tried (median and spread over seeds, chosen on
/// validation), the B × η̃ heatmap with unstable cells marked, and the stable learning-rate band
/// per B, compared with Masters &amp; Luschi (2018): best at m between 2 and 32, and a band that
/// narrows as m grows. Runs that diverged, were pruned, or ended at chance are never stable.
/// </summary>
public static class GeneralizationAnalysis
{
    /// <param name="chanceError">Error of always answering the most frequent class (a run ending within <paramref name="chanceMargin"/> of it never learned); null = not checked.</param>
    /// <param name="search">What the per-B learning-rate search did (null = a fixed grid).</param>
    public static GeneralizationResult Analyse(IReadOnlyList<FinishedTrial> outcomes, double? chanceError = null, double chanceMargin = 0.02, RateSearchResult? search = null)
    {
        outcomes = [.. outcomes.Where(o => o.OnFixedGrid)]; // an adaptive run has no one B, a decaying twin is another recipe: AdaptiveComparison
        var metric = outcomes.Any(o => o.Final.ContainsKey("test_error")) ? "error" : "loss";
        bool AtChance(FinishedTrial o) => metric == "error" && chanceError is double c && !o.Diverged && !o.Pruned
            && o.Final.TryGetValue("train_error", out var e) && e >= c - chanceMargin;
        var grid = outcomes
            .GroupBy(o => (o.Batch, Rate: Math.Round(o.BaseLearningRate, 15)))
            .Select(g =>
            {
                var ended = g.Where(o => !o.Diverged && !o.Pruned).ToList();
                double Median(string name) => Stats.Median(ended.Select(o => o.FinalOr(name)));
                return new GridCell(g.Key.Batch, g.First().FullBatch, g.First().BaseLearningRate,
                    Median("test_" + metric), Stats.Min(ended.Select(o => o.FinalOr("test_" + metric))), Stats.Max(ended.Select(o => o.FinalOr("test_" + metric))),
                    Median("val_" + metric), g.Count(), g.Count(o => o.Diverged))
                {
                    MinValError = Stats.Min(ended.Select(o => o.FinalOr("val_" + metric))),
                    MaxValError = Stats.Max(ended.Select(o => o.FinalOr("val_" + metric))),
                    MedianTrainError = Median("train_" + metric),
                    PrunedSeeds = g.Count(o => o.Pruned),
                    ChanceSeeds = g.Count(AtChance),
                    MedianUpdates = Stats.Median(g.Select(o => (double)o.Updates)),
                };
            })
            .OrderBy(c => c.Batch).ThenBy(c => c.BaseLearningRate)
            .ToList();
        var byBatch = grid.GroupBy(c => c.Batch).Select(g => Best(g, search)).ToList();
        return new GeneralizationResult(metric, grid, byBatch, Findings.Generalization(metric, byBatch, grid))
        {
            ChanceError = metric == "error" ? chanceError : null,
        };
    }

    /// <summary>Validation where the data have it, else test (a data set without a validation split).</summary>
    static double Selection(GridCell c) => double.IsFinite(c.MedianValError) ? c.MedianValError : c.MedianTestError;

    static BatchBest Best(IEnumerable<GridCell> cells, RateSearchResult? search)
    {
        var list = cells.OrderBy(c => c.BaseLearningRate).ToList();
        var stable = list.Where(c => c.Stable).ToList();
        if (stable.Count == 0)
        {
            return new BatchBest(list[0].Batch, list[0].FullBatch, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN);
        }

        var best = stable.MinBy(Selection)!;
        var edge = list.Count == 1 ? RateEdge.Interior
            : ReferenceEquals(best, list[0]) ? RateEdge.Lowest
            : ReferenceEquals(best, list[^1]) ? RateEdge.Highest
            : RateEdge.Interior;
        return new BatchBest(best.Batch, best.FullBatch, best.BaseLearningRate, best.MedianTestError, best.MinTestError, best.MaxTestError,
            stable.Min(c => c.BaseLearningRate), stable.Max(c => c.BaseLearningRate))
        {
            MedianValError = best.MedianValError,
            MinValError = best.MinValError,
            MaxValError = best.MaxValError,
            MedianTrainError = best.MedianTrainError,
            MedianUpdates = best.MedianUpdates,
            Seeds = best.Seeds,
            Edge = edge,
            EdgeNote = edge == RateEdge.Interior ? null : RateSearchResult.EdgeNote(search, best.Batch, edge),
        };
    }
}
