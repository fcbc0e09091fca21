using BatchLab.Reporting.Artifacts;
using BatchLab.Reporting.Plots;
using BatchLab.Saddle;
using BatchLab.Studies.Findings;

namespace BatchLab.Tests.Diagnostics.Saddle;

public class SaddleEscapeExperimentTests
{
    static readonly SaddleEscapeOptions Tiny = new()
    {
        Dimension = 3,
        Seeds = 2,
        Batches = [4, 64],
        StepBudget = 800,
        GdOffset = 1e-6,
        Plane = new PlaneSaddleOptions { Steps = 150 },
    };

    static readonly Lazy<SaddleEscapeResult> Result = new(() => SaddleEscapeExperiment.Run(Tiny));

    [Fact]
    public void Every_configuration_and_seed_is_run_and_summarised()
    {
        var result = Result.Value;

        // GD, GD from the offset, perturbed GD, SGD at two batch sizes: five configurations × two seeds.
        Assert.Equal(10, result.Runs.Count);
        Assert.Equal(5, result.Summaries.Count);
        Assert.All(result.Summaries, s => Assert.Equal(Tiny.Seeds, s.Seeds));
        Assert.All(result.Checks, c => Assert.Equal(OrthogonalTensor.SaddleCurvature, c.MinHessianEigenvalue, 1e-9));
        var offset = result.Summaries.Single(s => s.StartOffset > 0);
        Assert.Equal(Tiny.Seeds, offset.Escaped);
    }

    [Fact]
    public void Tables_hold_one_row_per_run_with_never_as_an_empty_cell()
    {
        var runs = ResultArtifacts.Of(Result.Value).Tables.Single(t => t.Id == "saddle_runs");

        Assert.Equal(["method", "batch", "seed", "start_offset", "escaped", "steps_to_escape", "steps_to_minimum", "fixed_point_step", "steps_run", "final_objective", "perturbations"], runs.Columns);
        Assert.Equal(Result.Value.Runs.Count, runs.Rows.Count);
        Assert.All(runs.Rows, row => Assert.Equal(row[4] as string == "true", row[5] is not null));
        Assert.Contains(ResultArtifacts.Of(Result.Value).Tables, t => t.Id == "saddle_plane_runs" && t.Rows.Count == Result.Value.Plane.Count);
    }

    [Fact]
    public void Plots_show_sgd_against_batch_size_with_reference_lines_and_level_curves_on_their_levels()
    {
        var plots = ResultArtifacts.Of(Result.Value).Plots;

        var escape = plots.Single(p => p.Id == "saddle_escape_vs_batch");
        Assert.Equal(AxisScale.Log2, escape.X.Scale);
        Assert.Equal([4.0, 64.0], escape.Series[0].X);
        Assert.Equal(4, escape.Series.Count); // SGD + GD + GD from the offset + perturbed GD
        var plane = plots.Single(p => p.Id == "saddle_plane");
        foreach (var level in plane.Series.Where(s => s.Name.StartsWith("f = ", StringComparison.Ordinal)))
        {
            var c = double.Parse(level.Name[4..], System.Globalization.CultureInfo.InvariantCulture);
            var points = level.X.Zip(level.Y).Where(p => double.IsFinite(p.Second)).ToList();
            Assert.All(points, p => Assert.Equal(c, PlaneSaddle.Value(p.First, p.Second), 1e-9));
        }
    }

    [Fact]
    public void The_finding_quotes_the_measured_numbers()
    {
        var result = Result.Value;
        var offset = result.Summaries.Single(s => s.StartOffset > 0);

        Assert.Contains($"GD escaped after {offset.MinStepsToEscape}", ResultFindings.Of(result), StringComparison.Ordinal);
        Assert.Contains($"{result.Options.Seeds} seeds", ResultFindings.Of(result), StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_options_are_rejected_before_any_run()
    {
        var error = Assert.Throws<BatchLabException>(() => SaddleEscapeExperiment.Run(Tiny with { LearningRate = 2 }));

        Assert.Contains("--lr", error.Message, StringComparison.Ordinal);
        Assert.Equal(BatchLabException.BadInput, error.ExitCode);
    }
}
