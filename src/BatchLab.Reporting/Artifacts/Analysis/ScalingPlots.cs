using BatchLab.Reporting.Plots;
using BatchLab.Studies.Analysis;
using BatchLab.Text;

namespace BatchLab.Reporting.Artifacts.Analysis;

/// <summary>Figures and tables of the steps-, samples- and time-to-target sections.</summary>
public static class ScalingPlots
{
    public static IReadOnlyList<PlotSpec> All(StepsToTargetResult r)
    {
        var reached = r.ByBatch.Where(b => double.IsFinite(b.Steps)).ToList();
        if (reached.Count == 0)
        {
            return [];
        }

        var xs = reached.Select(b => (double)b.Batch).ToList();
        var dense = Dense(xs.Min(), xs.Max());
        var markers = r.Critical is { } c ? new List<Marker> { new(c.Value, "B_crit") } : [];
        var first = reached[0];
        var steps = new List<Series>
        {
            new("measured (best η̃ per B)", xs, [.. reached.Select(b => b.Steps)], SeriesStyle.Markers),
            new("perfect scaling (steps ∝ 1/B)", dense, [.. dense.Select(x => first.Steps * first.Batch / x)], SeriesStyle.Dashed),
        };
        var samples = new List<Series> { new("measured", xs, [.. reached.Select(b => b.Samples)], SeriesStyle.Markers) };
        if (r.Fit is { } fit)
        {
            steps.Add(new Series("fit S_min(1 + B_noise/B)", dense, [.. dense.Select(fit.StepsAt)], SeriesStyle.Line));
        }

        if (r.SamplesFit is { } samplesFit)
        {
            samples.Add(new Series("fit E_min(1 + B/B_noise)", dense, [.. dense.Select(samplesFit.SamplesAt)], SeriesStyle.Line));
        }

        return
        [
            new PlotSpec("steps_to_target", $"Updates to reach {r.Target} vs batch size", new Axis("batch size B", AxisScale.Log2), new Axis("updates", AxisScale.Log10), steps, markers),
            new PlotSpec("samples_to_target", $"Samples to reach {r.Target} vs batch size", new Axis("batch size B", AxisScale.Log2), new Axis("samples", AxisScale.Log10), samples, markers),
            new PlotSpec("time_to_target", $"Time to reach {r.Target} on this machine (updates × a solo run's seconds per update)", new Axis("batch size B", AxisScale.Log2), new Axis("seconds", AxisScale.Log10),
                [new Series("time to target", xs, [.. reached.Select(b => b.Seconds)])]),
        ];
    }

    public static IReadOnlyList<DataTable> Tables(StepsToTargetResult r) =>
    [
        new DataTable("steps_to_target",
            ["batch", "full_batch", "best_base_lr", "updates", "samples", "seconds_per_update", "seconds", "trial_seconds_per_update", "timing", "timing_disturbed", "seeds_reached", "seeds"],
            [.. r.ByBatch.Select(b => (IReadOnlyList<object?>)[b.Batch, b.FullBatch, b.BestBaseLearningRate, b.Steps, b.Samples, b.SecondsPerUpdate, b.Seconds, b.TrialSecondsPerUpdate, b.TimingSource, b.TimingDisturbed, b.SeedsReached, b.Seeds])]),
    ];

    static List<double> Dense(double min, double max) =>
        [.. Enumerable.Range(0, 65).Select(i => Math.Exp(Math.Log(min) + ((Math.Log(max) - Math.Log(min)) * i / 64)))];
}
