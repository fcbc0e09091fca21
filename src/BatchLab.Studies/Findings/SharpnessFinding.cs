using BatchLab.Diagnostics.Sharpness;
namespace BatchLab.Studies.Findings;

/// <summary>The one-paragraph finding of a <see cref="SharpnessResult"/>, every clause computed from its numbers.</summary>
public static class SharpnessFinding
{
    public static string Describe(SharpnessResult r)
    {
        var clauses = new List<string>
        {
            $"At {r.Solution} ({r.Model}, {r.Parameters:N0} parameters) the training loss over {r.Samples:N0} samples, in eval mode, is f = {r.Loss:G4}"
                + (double.IsNaN(r.Error) ? "." : $" (error {r.Error * 100:F2}%)."),
        };
        clauses.AddRange(Spectrum(r));
        clauses.AddRange(Epsilon(r));
        clauses.AddRange(Line(r));
        return string.Join(" ", clauses);
    }

    static IEnumerable<string> Spectrum(SharpnessResult r)
    {
        if (r.Lanczos is { } l)
        {
            yield return $"Its largest Hessian eigenvalues are {string.Join(", ", l.Eigenvalues.Select(e => e.ToString("G4")))} "
                + $"(Lanczos, {l.Steps} steps; residual ‖Hy − λy‖ of the top pair {l.Residuals[0]:G2}).";
        }

        if (r.Power is { } p)
        {
            var agreement = r.Lanczos is { } top && top.Eigenvalues[0] != 0
                ? $", {Math.Abs(p.Eigenvalue - top.Eigenvalues[0]) / Math.Abs(top.Eigenvalues[0]) * 100:G2}% from Lanczos"
                : "";
            yield return $"Power iteration from an independent start gives λ₁ ≈ {p.Eigenvalue:G4} after {p.Iterations} iterations"
                + (p.Converged ? $" (successive estimates within {r.Options.PowerTolerance:G2}{agreement})." : $" without converging{agreement}.");
        }
    }

    static IEnumerable<string> Epsilon(SharpnessResult r)
    {
        foreach (var space in r.Sharpness.GroupBy(s => s.Space))
        {
            var points = space.OrderByDescending(s => s.Epsilon).ToList();
            var first = points[0];
            var values = string.Join(" and ", points.Select(s => $"{s.Sharpness:G3} at ε = {s.Epsilon:G2}"));
            var where = space.Key == SharpnessSpace.Full
                ? $"In the full space ({first.Method} search, {r.Options.Iterations} iterations) ε-sharpness is {values}"
                : $"In a random {first.Dimension}-dimensional subspace it is {values}";
            var worst = $"; the worst point found raises the loss to {first.MaxLoss:G4}, {first.PerturbationNorm:G3} away in weight space, with {first.AtBound * 100:F0}% of the box coordinates on a bound";
            var scaling = points.Count >= 2 && points[1].Sharpness > 0
                ? $"; going from ε = {points[0].Epsilon:G2} to {points[1].Epsilon:G2} divides φ by {points[0].Sharpness / points[1].Sharpness:G3} "
                    + $"(a quadratic bowl gives {Math.Pow(points[0].Epsilon / points[1].Epsilon, 2):G3}, a linear slope {points[0].Epsilon / points[1].Epsilon:G3})"
                : "";
            yield return where + worst + scaling + ".";
        }

        if (r.Sharpness.Count > 0)
        {
            yield return "For scale, Keskar et al. (2017) report 1.23 for a small-batch and 205.14 for a large-batch solution of their MNIST network F1 (full space, ε = 10⁻³).";
        }
    }

    static IEnumerable<string> Line(SharpnessResult r)
    {
        if (r.Interpolation.Count == 0)
        {
            yield break;
        }

        var points = r.Interpolation;
        var a = points.MinBy(x => Math.Abs(x.Alpha));
        var b = points.MinBy(x => Math.Abs(x.Alpha - 1));
        var between = points.Where(x => x.Alpha > 0 && x.Alpha < 1).ToList();
        var peak = between.MaxBy(x => x.TrainLoss);
        var barrier = peak is null ? "" : peak.TrainLoss > Math.Max(a!.TrainLoss, b!.TrainLoss)
            ? $"; between them it peaks at {peak.TrainLoss:G4} (α = {peak.Alpha:G3}), a barrier of {peak.TrainLoss - Math.Max(a.TrainLoss, b.TrainLoss):G3}"
            : "; between them it never rises above the higher end (no barrier on this line)";
        var ends = $"At α = {points[0].Alpha:G3} and α = {points[^1].Alpha:G3} it reaches {points[0].TrainLoss:G4} and {points[^1].TrainLoss:G4}";
        var test = double.IsNaN(a!.TestError) ? $"test loss is {a.TestLoss:G4} and {b!.TestLoss:G4} at the two solutions"
            : $"test error is {a.TestError * 100:F2}% and {b!.TestError * 100:F2}% at the two solutions";
        var clamped = points.Sum(x => x.ClampedVariances);
        yield return $"Along θ(α) = (1 − α)·a + α·b from a = {r.Solution} to b = {r.OtherSolution}, the training loss is {a.TrainLoss:G4} at a and {b.TrainLoss:G4} at b{barrier}. "
            + $"{ends}; {test}."
            + (clamped > 0 ? $" Extrapolation made {clamped:N0} BatchNorm running-variance entries negative; they were set to 0." : "");
    }
}
