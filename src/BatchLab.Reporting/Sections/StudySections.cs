using BatchLab.Reporting.Document;
using BatchLab.Reporting.Plots;
using BatchLab.Studies.Analysis;
using BatchLab.Text;

namespace BatchLab.Reporting.Sections;

/// <summary>
/// The nine sections of a study report, each with its figures, tables and a finding computed from
/// the measurements. A section whose measurement was skipped says so instead of showing nothing.
/// </summary>
public static class StudySections
{
    public static ReportSection Generalization(GeneralizationResult g)
    {
        var best = g.ByBatch.Where(b => double.IsFinite(b.MedianTestError)).MinBy(Findings.Selection);
        return new ReportSection("generalization", "Generalization vs batch size", g.Finding)
        {
            // "Best" means one thing in the whole report: the lowest median validation error (the
            // test split is only reported), so these cards agree with the finding and the answer.
            KeyFigures = best is null ? [] :
            [
                new KeyFigure($"lowest median validation {g.Metric} at B", NumberFormat.Batch(best.Batch, best.FullBatch), best.Batch) { Key = $"best_batch_by_val_{g.Metric}" },
                .. double.IsFinite(best.MedianValError)
                    ? [KeyFigure.Of($"its median validation {g.Metric}", best.MedianValError, Format(g)) with { Key = $"best_val_{g.Metric}" }]
                    : Array.Empty<KeyFigure>(),
                KeyFigure.Of($"its median test {g.Metric}", best.MedianTestError, Format(g)) with { Key = $"best_test_{g.Metric}" },
            ],
            Figures = [.. SectionParts.Figures(g)],
            Tables = [.. SectionParts.Tables(g)],
            Notes = ["The learning rate of each batch size, and the best batch size, are chosen by median validation error; the test error is only reported, beside the training error. A heatmap cell is marked when any of its seeds diverged, was pruned as not learning, or ended at chance: such a rate is never stable."],
        };
    }

    static NumberFormat Format(GeneralizationResult g) => g.Metric == "error" ? NumberFormat.Percent(2) : NumberFormat.Significant(4);

    public static ReportSection StepsToTarget(StepsToTargetResult s) => new("steps-to-target", "Steps and samples to the target vs batch size", s.Finding)
    {
        KeyFigures = s.Fit is { } f && s.Critical is { } c ?
        [
            KeyFigure.Of("S_min", f.MinSteps, NumberFormat.Integer, "updates"),
            KeyFigure.Of("B_noise = B_crit (one fit)", c.Value, NumberFormat.Significant(3), "samples"),
        ] : [],
        Figures = [.. SectionParts.Figures(s).Where(f => f.Plot.Id != "time_to_target")],
        Tables = [.. SectionParts.Tables(s)],
        Notes = ["Steps to the target of a batch size are the fewest over its learning rates (median over seeds; a rate counts only when most seeds reach the target), as in Shallue et al. (2018); each seed's crossing is interpolated linearly between the evaluation before and the one that met the target. One fit: S = S_min(1 + B_noise/B) to the updates; since samples are B × updates, E_min/S_min = B_noise, so B_crit and B_noise are one number from one fit (with a bootstrap interval that redraws the seeds and re-selects each batch size's rate, given only with at least 4 batch sizes and 2 seeds), not two measurements that agree."],
    };

    public static ReportSection TimeToTarget(StepsToTargetResult s) => new("time-to-target", "Time to the target on this machine", s.TimeFinding)
    {
        Figures = [.. SectionParts.Figures(s).Where(f => f.Plot.Id == "time_to_target")],
        Notes = ["Time to target = updates to target × the seconds per update of a solo run at that batch size on this machine (training steps only, evaluation excluded), timed in the throughput stage with interleaved repeats (median); points disturbed by load were measured again and are flagged when they stayed disturbed. The trials' own seconds per update (a fused member's share of its group's steps) are in the table beside it."],
    };

    /// <summary>The adaptive-batch policies beside the fixed-B configurations, on the same target and seeds.</summary>
    public static ReportSection Adaptive(AdaptiveComparison a) => new("adaptive", "Adaptive batch size against fixed batch sizes", a.Finding)
    {
        Figures = a.Trajectories.Count == 0 ? [] :
        [
            Figure(Steps("adaptive_batch", "Batch size B over the updates of each adaptive run (to the target or the end of its budget)", new Axis("batch size B", AxisScale.Log2), a.Trajectories, t => t.Batches)),
            Figure(Steps("adaptive_lr_scale", "Learning rate relative to its start, η(t)/η₀, over the updates of each adaptive run", new Axis("η / η₀"), a.Trajectories, t => t.RateScales)),
        ],
        Tables =
        [
            new ReportTable(
                new DataTable("adaptive_vs_fixed", ["configuration", "adaptive", "rate_decay", "start_batch", "base_lr", "seeds", "seeds_reached", "median_updates_to_target", "median_samples_to_target", "median_step_seconds_to_target", "median_test_error", "min_test_error", "max_test_error"],
                    [.. a.Rows.Select(r => (IReadOnlyList<object?>)[r.Configuration, r.Adaptive, r.RateDecay, r.StartBatch, r.BaseLearningRate, r.Seeds, r.SeedsReached, r.MedianUpdates, r.MedianSamples, r.MedianStepSeconds, r.MedianTestError, r.MinTestError, r.MaxTestError])]),
                $"Every configuration to {a.Target}: medians over the seeds that reached it (updates, samples, seconds of training steps) and over all seeds (test error)"),
        ],
        Notes = ["An adaptive run starts at B₀ = its minimum with the η̃ given for B₀ and changes B between updates (every update is the exact mean gradient over its B samples). Its B over time is in each trial's metrics (`batchlab export --curves`: the `batch` and `lr_scale` points). The other sections analyse the fixed-B runs only. A row with a rate decay is Smith et al.'s decaying twin of the schedule policy (B fixed at B₀, η divided where the policy grows B): the schedule policy is set against it, and it stays out of the best fixed configuration, the fixed runs' spread and the other sections."],
    };

    static ReportFigure Figure(PlotSpec plot) => new(plot, plot.Title);

    /// <summary>Step functions drawn as lines: each value holds until the next change.</summary>
    static PlotSpec Steps(string id, string title, Axis y, IReadOnlyList<BatchTrajectory> runs, Func<BatchTrajectory, IReadOnlyList<double>> values) => new(
        id, title, new Axis("update"), y,
        [.. runs.Select(run =>
        {
            var v = values(run);
            var x = new List<double>();
            var ys = new List<double>();
            for (var i = 0; i < run.Updates.Count; i++)
            {
                if (i > 0)
                {
                    x.Add(run.Updates[i]);
                    ys.Add(v[i - 1]);
                }

                x.Add(run.Updates[i]);
                ys.Add(v[i]);
            }

            return new Series($"{run.Configuration.Split(',')[0]}, seed {run.Seed}", x, ys, SeriesStyle.Line);
        })]);

    public static ReportSection Skipped(string id, string title, string why) => new(id, title, $"Not measured: {why}.");
}
