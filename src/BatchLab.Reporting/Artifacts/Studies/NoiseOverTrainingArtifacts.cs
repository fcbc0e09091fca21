using BatchLab.Reporting.Plots;
using BatchLab.Studies;
using BatchLab.Text;

namespace BatchLab.Reporting.Artifacts.Studies;

/// <summary>
/// The figure and table of a <see cref="NoiseOverTrainingResult"/>: smoothed B_simple against
/// samples seen, with its interval, and the lower bounds where it was not measurable at the run's B.
/// </summary>
static class NoiseOverTrainingArtifacts
{
    public static Plots.Artifacts Build(NoiseOverTrainingResult r)
    {
        var series = new List<Series>();
        if (r.Points.Count > 0)
        {
            series.Add(new Series("B_simple (90% interval shaded)", [.. r.Points.Select(p => (double)p.Samples)], [.. r.Points.Select(p => p.NoiseScale)], SeriesStyle.LineAndMarkers,
                [.. r.Points.Select(p => p.Low)], [.. r.Points.Select(p => p.High)]));
        }

        var bounds = r.NotMeasurable.Where(p => double.IsFinite(p.LowerBound) && p.LowerBound > 0).ToList();
        if (bounds.Count > 0)
        {
            series.Add(new Series($"not measurable at B = {r.Batch:N0}: lower bound", [.. bounds.Select(p => (double)p.Samples)], [.. bounds.Select(p => p.LowerBound)], SeriesStyle.Markers));
        }

        IReadOnlyList<PlotSpec> plots = series.Count == 0 ? [] :
        [
            new PlotSpec("noise_scale_over_training", $"Gradient noise scale B_simple during training ({r.Configuration})",
                new Axis("samples seen"), new Axis("B_simple (smoothed)", AxisScale.Log10), series),
        ];
        return new(
            plots,
            [
                new DataTable("noise_scale_over_training", ["update", "samples", "train_loss", "noise_scale", "noise_scale_p05", "noise_scale_p95", "noise_scale_lower_bound"],
                    [.. r.Points.Concat(r.NotMeasurable).OrderBy(p => p.Update).Select(p => (IReadOnlyList<object?>)[p.Update, p.Samples, p.TrainLoss, p.NoiseScale, p.Low, p.High, p.LowerBound])]),
            ]);
    }
}
