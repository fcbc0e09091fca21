using BatchLab.Reporting.Plots;
using BatchLab.Studies.Analysis;
using BatchLab.Text;

namespace BatchLab.Reporting.Artifacts.Analysis;

/// <summary>Figures and tables of the generalization section (data only; drawn by Reporting).</summary>
public static class GeneralizationPlots
{
    public static IReadOnlyList<PlotSpec> All(GeneralizationResult r)
    {
        var tuned = r.ByBatch.Where(b => double.IsFinite(b.MedianTestError)).ToList();
        var label = r.Metric == "error" ? "test error" : "test loss";
        var best = new PlotSpec(
            "generalization_vs_batch",
            $"Best {label} per batch size beside the training {r.Metric} (median over seeds, bars from the lowest to the highest seed's {label}; η̃ tuned on validation; a training {r.Metric} of 0 has no place on the log axis and is not drawn)",
            new Axis("batch size B", AxisScale.Log2),
            // Log scale: 2.5% next to 80% must still show which small batch is better.
            new Axis(r.Metric, AxisScale.Log10) { Percent = r.Metric == "error" },
            [
                new Series($"{label}, median over seeds", [.. tuned.Select(b => (double)b.Batch)], [.. tuned.Select(b => b.MedianTestError)],
                    SeriesStyle.LineAndMarkers, [.. tuned.Select(b => b.MinTestError)], [.. tuned.Select(b => b.MaxTestError)]),
                new Series($"training {r.Metric}, median over seeds", [.. tuned.Select(b => (double)b.Batch)], [.. tuned.Select(b => b.MedianTrainError)], SeriesStyle.Dashed),
            ]);

        var batches = r.Grid.Select(c => (c.Batch, c.FullBatch)).Distinct().OrderBy(b => b.Batch).ToList();
        var rates = r.Grid.Select(c => c.BaseLearningRate).Distinct().Order().ToList();
        var values = rates.Select(rate => (IReadOnlyList<double>)[.. batches.Select(b =>
            r.Grid.FirstOrDefault(c => c.Batch == b.Batch && c.BaseLearningRate == rate)?.MedianValError ?? double.NaN)]).ToList();
        var flagged = new List<(int, int)>();
        for (var row = 0; row < rates.Count; row++)
        {
            for (var column = 0; column < batches.Count; column++)
            {
                if (r.Grid.Any(c => c.Batch == batches[column].Batch && c.BaseLearningRate == rates[row] && !c.Stable))
                {
                    flagged.Add((row, column));
                }
            }
        }

        var heatmap = new PlotSpec(
            "generalization_heatmap",
            $"Final validation {r.Metric} over batch size × per-sample learning rate η̃ (median over seeds; validation is what chooses the best η̃), on a logarithmic colour scale; ✕ marks a cell where a seed diverged, was pruned or ended at chance",
            new Axis("batch size B"),
            new Axis("per-sample rate η̃"),
            [],
            Heatmap: new Heatmap([.. batches.Select(b => b.FullBatch ? "full" : b.Batch.ToString(System.Globalization.CultureInfo.InvariantCulture))],
                [.. rates.Select(LogLabels.Rate)], values, $"validation {r.Metric}", flagged, FlaggedLabel: "not stable", LogColor: true));

        var banded = r.ByBatch.Where(b => double.IsFinite(b.StableMin)).ToList();
        var band = new PlotSpec(
            "generalization_stable_band",
            "Stable learning-rate band per batch size (η̃ at which every seed trained to the end, learned and stayed finite)",
            new Axis("batch size B", AxisScale.Log2),
            new Axis("η̃", AxisScale.Log2),
            [
                new Series("largest stable η̃", [.. banded.Select(b => (double)b.Batch)], [.. banded.Select(b => b.StableMax)]),
                new Series("smallest stable η̃", [.. banded.Select(b => (double)b.Batch)], [.. banded.Select(b => b.StableMin)]),
                new Series("best η̃", [.. banded.Select(b => (double)b.Batch)], [.. banded.Select(b => b.BestBaseLearningRate)], SeriesStyle.Dashed),
            ]);
        return [best, heatmap, band];
    }

    public static IReadOnlyList<DataTable> Tables(GeneralizationResult r) =>
    [
        new DataTable("generalization_grid",
            ["batch", "full_batch", "base_lr", "median_test_" + r.Metric, "min_test_" + r.Metric, "max_test_" + r.Metric, "median_val_" + r.Metric, "median_train_" + r.Metric, "median_updates", "seeds", "diverged_seeds", "pruned_seeds", "chance_seeds", "stable"],
            [.. r.Grid.Select(c => (IReadOnlyList<object?>)[c.Batch, c.FullBatch, c.BaseLearningRate, c.MedianTestError, c.MinTestError, c.MaxTestError, c.MedianValError, c.MedianTrainError, c.MedianUpdates, c.Seeds, c.DivergedSeeds, c.PrunedSeeds, c.ChanceSeeds, c.Stable])]),
        new DataTable("generalization_by_batch",
            ["batch", "full_batch", "best_base_lr", "median_val_" + r.Metric, "median_test_" + r.Metric, "min_test_" + r.Metric, "max_test_" + r.Metric, "median_train_" + r.Metric, "generalization_gap", "median_updates", "rate_edge", "edge_note", "stable_base_lr_min", "stable_base_lr_max", "stable_doublings"],
            [.. r.ByBatch.Select(b => (IReadOnlyList<object?>)[b.Batch, b.FullBatch, b.BestBaseLearningRate, b.MedianValError, b.MedianTestError, b.MinTestError, b.MaxTestError, b.MedianTrainError, b.GeneralizationGap, b.MedianUpdates, b.Edge.ToString().ToLowerInvariant(), b.EdgeNote, b.StableMin, b.StableMax, b.StableDoublings])]),
    ];
}
