using BatchLab.Runtime;
using static TorchSharp.torch;

namespace BatchLab.Diagnostics.Sharpness;

/// <summary>What power iteration found: the last Rayleigh quotient and every estimate on the way.</summary>
public sealed record PowerIterationResult(double Eigenvalue, int Iterations, bool Converged, IReadOnlyList<double> Estimates);

/// <summary>
/// The dominant eigenvalue (largest in magnitude) of a symmetric operator by power iteration:
/// v ← Av/‖Av‖ from a random unit start, the estimate being the Rayleigh quotient vᵀAv. At a
/// minimum the Hessian's dominant eigenvalue is its largest. One product per iteration; the error
/// shrinks like (λ₂/λ₁)^k, so a small spectral gap needs many iterations.
/// </summary>
public static class PowerIteration
{
    /// <param name="tolerance">Stop when two successive estimates differ by at most this fraction of the estimate.</param>
    public static PowerIterationResult Run(Func<Tensor, Tensor> multiply, long dimension, int maxIterations, double tolerance, long seed)
    {
        if (maxIterations < 1 || dimension < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(maxIterations), "power iteration needs at least one iteration and a non-empty space");
        }

        using var generator = new Generator((ulong)seed);
        var v = randn(dimension, ScalarType.Float64, generator: generator);
        v.div_(v.norm());
        var estimates = new List<double>();
        var converged = false;
        try
        {
            while (estimates.Count < maxIterations && !converged)
            {
                using var scope = NewDisposeScope();
                var w = multiply(v).to_type(ScalarType.Float64);
                var estimate = v.dot(w).item<double>();
                var norm = w.norm().item<double>();
                converged = estimates.Count > 0 && Math.Abs(estimate - estimates[^1]) <= tolerance * Math.Abs(estimate);
                estimates.Add(estimate);
                if (norm == 0 || !double.IsFinite(norm))
                {
                    break;
                }

                v.copy_(w.Div_(norm));
            }
        }
        finally
        {
            v.Dispose();
        }

        return new PowerIterationResult(estimates[^1], estimates.Count, converged, estimates);
    }
}
