using BatchLab.Reporting.Plots;
using BatchLab.Studies;
using BatchLab.Text;

namespace BatchLab.Reporting.Artifacts.Studies;

/// <summary>The figure and table of a <see cref="NoiseOverTrainingResult"/>: smoothed B_simple against samples seen.</summary>
static class NoiseOverTrainingArtifacts
{
    public static Plots.Artifacts Build(NoiseOverTrainingResult r) => new(
        [
            new PlotSpec("noise_scale_over_training", $"Gradient noise scale B_simple during training ({r.Configuration})",
                new Axis("samples seen"), new Axis("B_simple (smoothed)", AxisScale.Log10),
                [new Series("B_simple", [.. r.Points.Select(p => (double)p.Samples)], [.. r.Points.Select(p => p.NoiseScale)])]),
        ],
        [
            new DataTable("noise_scale_over_training", ["update", "samples", "train_loss", "noise_scale"],
                [.. r.Points.Select(p => (IReadOnlyList<object?>)[p.Update, p.Samples, p.TrainLoss, p.NoiseScale])]),
        ]);
}
