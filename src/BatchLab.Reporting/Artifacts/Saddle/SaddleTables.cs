using BatchLab.Saddle;
using BatchLab.Text;

namespace BatchLab.Reporting.Artifacts.Saddle;

/// <summary>The CSV tables of a <see cref="SaddleEscapeResult"/>: one per comparison, "never" as an empty cell.</summary>
static class SaddleTables
{
    public static IReadOnlyList<DataTable> Build(SaddleEscapeResult result) =>
    [
        new DataTable(
            "saddle_checks",
            ["seed", "saddle_objective", "riemannian_gradient_norm", "min_hessian_eigenvalue", "closed_form_eigenvalue", "negative_eigenvalues", "min_positive_eigenvalue",
                "saddle_sample_gradient_norm", "saddle_sample_gradient_along_escape", "minimum_objective", "minimum_sample_gradient_norm"],
            [.. result.Checks.Select(s => Row(s.Seed, s.SaddleObjective, s.RiemannianGradientNorm, s.MinHessianEigenvalue, OrthogonalTensor.SaddleCurvature, s.NegativeEigenvalues, s.MinPositiveEigenvalue,
                s.SaddleSampleGradientNorm, s.SaddleSampleGradientAlongEscape, s.MinimumObjective, s.MinimumSampleGradientNorm))]),
        new DataTable(
            "saddle_runs",
            ["method", "batch", "seed", "start_offset", "escaped", "steps_to_escape", "steps_to_minimum", "fixed_point_step", "steps_run", "final_objective", "perturbations"],
            [.. result.Runs.Select(r => Row(Name(r.Method), r.Batch, r.Seed, r.StartOffset, Flag(r.Escaped), r.StepsToEscape, r.StepsToMinimum, r.FixedPointStep, r.StepsRun, r.FinalObjective, r.Perturbations))]),
        new DataTable(
            "saddle_summary",
            ["method", "batch", "start_offset", "seeds", "escaped", "median_steps_to_escape", "min_steps_to_escape", "max_steps_to_escape", "reached_minimum", "median_steps_to_minimum", "fixed_points"],
            [.. result.Summaries.Select(s => Row(Name(s.Method), s.Batch, s.StartOffset, s.Seeds, s.Escaped, s.MedianStepsToEscape, s.MinStepsToEscape, s.MaxStepsToEscape, s.ReachedMinimum, s.MedianStepsToMinimum, s.FixedPoints))]),
        new DataTable(
            "saddle_plane_runs",
            ["method", "seed", "start_x", "start_y", "start_gradient_norm", "escaped", "steps_to_escape", "steps_to_minimum", "final_x", "final_y", "final_objective", "perturbations"],
            [.. result.Plane.Select(p => Row(Name(p.Method), p.Seed, p.StartX, p.StartY, p.StartGradientNorm, Flag(p.Escaped), p.StepsToEscape, p.StepsToMinimum, p.FinalX, p.FinalY, p.FinalObjective, p.Perturbations))]),
    ];

    /// <summary>The snake_case name used in JSON, tables and legends: gd, sgd, perturbed_gd.</summary>
    public static string Name(EscapeMethod method) => method switch
    {
        EscapeMethod.Gd => "gd",
        EscapeMethod.Sgd => "sgd",
        _ => "perturbed_gd",
    };

    /// <summary>DataTable cells are numbers, strings or null: flags are written as in JSON.</summary>
    static string Flag(bool value) => value ? "true" : "false";

    static IReadOnlyList<object?> Row(params object?[] cells) => cells;
}
