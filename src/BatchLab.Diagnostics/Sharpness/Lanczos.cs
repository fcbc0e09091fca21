using BatchLab.Runtime;
using static TorchSharp.torch;

namespace BatchLab.Diagnostics.Sharpness;

/// <summary>
/// The largest Ritz values of a Lanczos run, in decreasing order, with each one's residual
/// ‖Ay − θy‖ for its unit Ritz vector y (an eigenvalue lies within that distance of θ).
/// </summary>
public sealed record LanczosResult(IReadOnlyList<double> Eigenvalues, IReadOnlyList<double> Residuals, int Steps);

/// <summary>
/// Extreme eigenvalues of a symmetric operator by the Lanczos method with full
/// reorthogonalisation: each new basis vector is made orthogonal to all earlier ones (twice), which
/// keeps spurious copies of converged eigenvalues out at the cost of storing every basis vector
/// (steps × n doubles). The largest eigenvalues converge first, within a few tens of products even
/// when power iteration would crawl. Each reported residual is computed with one more product,
/// A·y for the Ritz vector y = Q·s: the recurrence's own estimate β_m·|s_{m,i}| assumes exact
/// products, and Hessian-vector products in float32 are not.
/// </summary>
public static class Lanczos
{
    public static LanczosResult TopEigenvalues(Func<Tensor, Tensor> multiply, long dimension, int steps, int count, long seed)
    {
        if (steps < 1 || count < 1 || dimension < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(steps), "Lanczos needs at least one step, one eigenvalue and a non-empty space");
        }

        steps = (int)Math.Min(steps, dimension);
        using var generator = new Generator((ulong)seed);
        var basis = new List<Tensor> { randn(dimension, ScalarType.Float64, generator: generator) };
        basis[0].div_(basis[0].norm());
        var alphas = new List<double>();
        var betas = new List<double>();
        try
        {
            for (var j = 0; j < steps; j++)
            {
                using var scope = NewDisposeScope();
                var q = basis[j];
                var w = multiply(q).to_type(ScalarType.Float64);
                alphas.Add(q.dot(w).item<double>());
                for (var pass = 0; pass < 2; pass++)
                {
                    foreach (var b in basis)
                    {
                        w.sub_(b.mul(b.dot(w)));
                    }
                }

                var beta = w.norm().item<double>();
                var scale = alphas.Max(Math.Abs) + betas.DefaultIfEmpty(0).Max();

                // An invariant subspace was found: the Ritz values are exact eigenvalues.
                if (j == steps - 1 || beta <= 1e-12 * Math.Max(scale, double.Epsilon))
                {
                    break;
                }

                betas.Add(beta);
                basis.Add(w.Div(beta).DetachFromDisposeScope());
            }

            var (values, vectors) = RitzPairs(alphas, betas, count);
            var residuals = vectors.Select((s, k) =>
            {
                using var scope = NewDisposeScope();
                var y = zeros(dimension, ScalarType.Float64);
                for (var i = 0; i < s.Length; i++)
                {
                    y.Add_(basis[i], alpha: s[i]);
                }

                var product = multiply(y).to_type(ScalarType.Float64);
                return product.sub_(y.Mul(values[k])).norm().item<double>();
            }).ToList();
            return new LanczosResult(values, residuals, alphas.Count);
        }
        finally
        {
            basis.ForEach(b => b.Dispose());
        }
    }

    // The top `count` eigenpairs of the m×m tridiagonal matrix T (diagonal α, off-diagonal β), largest first.
    static (List<double> Values, List<double[]> Vectors) RitzPairs(List<double> alphas, List<double> betas, int count)
    {
        var m = alphas.Count;
        var entries = new double[m * m];
        for (var i = 0; i < m; i++)
        {
            entries[(i * m) + i] = alphas[i];
            if (i + 1 < m)
            {
                entries[(i * m) + i + 1] = entries[((i + 1) * m) + i] = betas[i];
            }
        }

        using var scope = NewDisposeScope();
        var (values, vectors) = linalg.eigh(tensor(entries, [m, m]));
        var eigenvalues = values.data<double>().ToArray();
        var top = Enumerable.Range(0, m).OrderByDescending(i => eigenvalues[i]).Take(count).ToList();
        return ([.. top.Select(i => eigenvalues[i])], [.. top.Select(i => vectors.select(1, i).contiguous().data<double>().ToArray())]);
    }
}
