using System.Diagnostics;
using BatchLab.Runtime;
using static TorchSharp.torch;

namespace BatchLab.Diagnostics.Sharpness;

/// <summary>
/// Keskar et al. 2017's ε-sharpness (Metric 2.1). For x ∈ ℝⁿ, ε &gt; 0 and A ∈ ℝ^{n×p}:
/// <code>
/// C_ε = { z ∈ ℝᵖ : |z_i| ≤ ε(|(A⁺x)_i| + 1) },   φ = (max_{z ∈ C_ε} f(x + A z) − f(x)) / (1 + f(x)) × 100
/// </code>
/// with A⁺ the pseudo-inverse. The full space takes A = I, so the box is |y_i| ≤ ε(|x_i| + 1)
/// on the weights themselves: relative to each weight's size, with +1 keeping room around zero
/// weights. In a random subspace the box is on the p coordinates z, scaled by the coordinates of x
/// in that subspace, A⁺x, not on the weights. The maximum is searched from z = 0 for a fixed number
/// of quasi-Newton iterations (10 in the paper), so φ is the best value the search found, a lower
/// bound on the true maximum.
/// </summary>
public static class EpsilonSharpness
{
    /// <summary>Full space; <paramref name="method"/> defaults to BFGS-B up to <see cref="BfgsBMaximizer.MaxDimension"/> weights, projected L-BFGS beyond.</summary>
    public static SharpnessMeasurement Full(IObjective f, double epsilon, int iterations, BoxMethod? method = null)
    {
        using var scope = NewDisposeScope();
        var x = f.Point.to_type(ScalarType.Float64);
        var problem = new BoxProblem(
            x.abs().Add_(1).Mul_(epsilon),
            y => f.Value(x.Add(y).to_type(f.Point.dtype)),
            y => f.ValueAndGradient(x.Add(y).to_type(f.Point.dtype)));
        return Measure(f, problem, SharpnessSpace.Full, epsilon, iterations, method, z => z.norm().item<double>());
    }

    /// <summary>The random subspace spanned by the columns of <paramref name="a"/> (n×p, the objective's dtype).</summary>
    public static SharpnessMeasurement Subspace(IObjective f, Tensor a, double epsilon, int iterations, BoxMethod? method = null)
    {
        if (a.ndim != 2 || a.shape[0] != f.Dimension || a.shape[1] > f.Dimension || a.dtype != f.Point.dtype)
        {
            throw new ArgumentException($"A must be {f.Dimension}×p (p ≤ n) in {f.Point.dtype}, got [{string.Join(", ", a.shape)}] {a.dtype}", nameof(a));
        }

        using var scope = NewDisposeScope();
        var x = f.Point;

        // A⁺x by the normal equations, (AᵀA)⁻¹Aᵀx, solved in float64: A has full column rank with probability 1.
        var coordinates = linalg.solve(a.T.matmul(a).to_type(ScalarType.Float64), a.T.matmul(x).to_type(ScalarType.Float64));
        Tensor Weights(Tensor z) => x.Add(a.matmul(z.to_type(x.dtype)));
        var problem = new BoxProblem(
            coordinates.abs().Add_(1).Mul_(epsilon),
            z => f.Value(Weights(z)),
            z =>
            {
                var (value, gradient) = f.ValueAndGradient(Weights(z));
                return (value, a.T.matmul(gradient).to_type(ScalarType.Float64));
            });
        return Measure(f, problem, SharpnessSpace.Subspace, epsilon, iterations, method, z => a.matmul(z.to_type(x.dtype)).norm().to_type(ScalarType.Float64).item<double>());
    }

    /// <summary>An n×p matrix of independent N(0, 1) entries from <paramref name="seed"/>.</summary>
    public static Tensor RandomSubspace(long n, int p, long seed, ScalarType dtype)
    {
        using var generator = new Generator((ulong)seed);
        return randn([n, p], dtype, generator: generator);
    }

    static SharpnessMeasurement Measure(
        IObjective f, BoxProblem problem, SharpnessSpace space, double epsilon, int iterations, BoxMethod? method, Func<Tensor, double> perturbationNorm)
    {
        if (!(epsilon > 0) || iterations < 1)
        {
            throw new BatchLabException($"ε-sharpness needs ε > 0 and at least one iteration (got ε = {epsilon}, {iterations} iterations)", BatchLabException.BadInput);
        }

        var watch = Stopwatch.StartNew();
        var loss = f.Value(f.Point);
        var chosen = method ?? (problem.Dimension <= BfgsBMaximizer.MaxDimension ? BoxMethod.BfgsB : BoxMethod.ProjectedLbfgs);
        var best = chosen == BoxMethod.BfgsB ? BfgsBMaximizer.Maximize(problem, iterations) : ProjectedLbfgs.Maximize(problem, iterations);
        using var point = best.Point;

        // The search starts at z = 0, so the maximum is never below f(x) even when no step ascended.
        var maxLoss = Math.Max(best.Value, loss);
        var atBound = point.abs().ge(problem.Bound.Mul(1 - 1e-9)).to_type(ScalarType.Float64).mean().item<double>();
        return new SharpnessMeasurement(
            space, problem.Dimension, epsilon, chosen, loss, maxLoss, (maxLoss - loss) / (1 + loss) * 100,
            best.Value > loss ? perturbationNorm(point) : 0, best.Value > loss ? atBound : 0,
            best.Iterations, best.Evaluations + 1, best.Stop, watch.Elapsed.TotalSeconds);
    }
}
