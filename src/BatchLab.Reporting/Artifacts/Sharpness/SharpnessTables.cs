using BatchLab.Diagnostics.Sharpness;
using BatchLab.Text;

namespace BatchLab.Reporting.Artifacts.Sharpness;

/// <summary>The CSV tables of a <see cref="SharpnessResult"/>: spectrum, power iteration, ε-sharpness, line.</summary>
static class SharpnessTables
{
    public static IReadOnlyList<DataTable> Build(SharpnessResult r)
    {
        var tables = new List<DataTable>();
        if (r.Lanczos is { } l)
        {
            tables.Add(new DataTable(
                "sharpness_eigenvalues", ["rank", "eigenvalue", "residual", "lanczos_steps"],
                [.. l.Eigenvalues.Select((e, i) => (IReadOnlyList<object?>)[i + 1, e, l.Residuals[i], l.Steps])]));
        }

        if (r.Power is { } p)
        {
            tables.Add(new DataTable(
                "sharpness_power_iteration", ["iteration", "estimate"],
                [.. p.Estimates.Select((e, i) => (IReadOnlyList<object?>)[i + 1, e])]));
        }

        tables.Add(new DataTable(
            "sharpness_epsilon",
            ["space", "dimension", "epsilon", "method", "loss", "max_loss", "sharpness", "perturbation_norm", "at_bound", "iterations", "evaluations", "stop", "seconds"],
            [.. r.Sharpness.Select(s => (IReadOnlyList<object?>)[
                s.Space.Label(), s.Dimension, s.Epsilon, s.Method.ToString(), s.Loss, s.MaxLoss, s.Sharpness,
                s.PerturbationNorm, s.AtBound, s.Iterations, s.Evaluations, s.Stop, s.Seconds])]));
        if (r.Interpolation.Count > 0)
        {
            tables.Add(new DataTable(
                "sharpness_interpolation", ["alpha", "train_loss", "train_error", "test_loss", "test_error", "clamped_variances"],
                [.. r.Interpolation.Select(x => (IReadOnlyList<object?>)[x.Alpha, x.TrainLoss, x.TrainError, x.TestLoss, x.TestError, x.ClampedVariances])]));
        }

        return tables;
    }
}
