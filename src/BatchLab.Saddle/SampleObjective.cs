using BatchLab.Runtime;
using static TorchSharp.torch;

namespace BatchLab.Saddle;

/// <summary>
/// The unbiased per-sample objective of <see cref="OrthogonalTensor"/>, from samples x = A·s with s
/// Rademacher (each s_k = ±1 with probability ½). Derivation: E[s_a s_b s_c s_d] is 1 when the four
/// indices pair up (all equal, or two distinct pairs) and 0 otherwise, so
///   E[x⊗x⊗x⊗x] = Σ_k a_k^⊗4 + Σ_{k≠l} (a_k a_k a_l a_l + a_k a_l a_k a_l + a_k a_l a_l a_k).
/// Since A is orthonormal, Σ_{k,l} a_k⊗a_k⊗a_l⊗a_l = I⊗I, so each cross sum is the matching
/// product of identities minus T, and with Δ_pqrs = δ_pq δ_rs + δ_pr δ_qs + δ_ps δ_qr
///   E[x⊗x⊗x⊗x] = Δ − 2T,  i.e.  T = (Δ − E[x⊗x⊗x⊗x]) / 2.
/// Contracting with (u,u,v,v): T(u,u,v,v) = E[φ_x(u,v)] with
///   φ_x(u,v) = ½ (‖u‖²‖v‖² + 2(u·v)² − (x·u)²(x·v)²),
/// and f_x(U) = Σ_{i≠j} φ_x(u_i,u_j) has E[f_x] = f and E[∇f_x] = ∇f at every U, on the sphere or
/// not. Δ does not depend on A, so the estimator needs nothing but the samples. It is unbiased but
/// not exact at the minimum (there Var ∇f_x grows like d⁴): that variance is what keeps small-batch
/// SGD with a constant step from settling as low as the exact gradient does.
/// </summary>
public static class SampleObjective
{
    /// <summary>B samples x = A·s per seed, as rows: S×B×d.</summary>
    public static Tensor Draw(OrthogonalTensor problem, int batch, Generator generator)
    {
        using var scope = NewDisposeScope();
        var signs = randint(0, 2, [problem.Seeds, batch, problem.Dimension], dtype: float64, generator: generator);
        return signs.Mul_(2).Sub_(1).matmul(problem.Components.mT).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Mean of f_x over the rows of <paramref name="x"/>, per seed. With n_i = ‖u_i‖², G = UᵀU and
    /// Q_bi = (x_b·u_i)²: f_x = ½[(Σn)² − Σn²] + [ΣG² − Σ G_ii²] − ½[(Σ_i Q_bi)² − Σ_i Q_bi²].
    /// </summary>
    public static double[] Objective(Tensor u, Tensor x)
    {
        using var scope = NewDisposeScope();
        var gram = u.mT.matmul(u);
        var norms = gram.diagonal(dim1: -2, dim2: -1);
        var q = x.matmul(u).Square();
        var normTerm = (norms.sum(dim: -1).Square() - norms.Square().sum(dim: -1)).Mul(0.5);
        var overlapTerm = gram.Square().sum([-2, -1]) - norms.Square().sum(dim: -1);
        var sampleTerm = (q.sum(dim: -1).Square() - q.Square().sum(dim: -1)).Mul(0.5).mean([-1]);
        return (normTerm.Add(overlapTerm) - sampleTerm).data<double>().ToArray();
    }

    /// <summary>
    /// Mean of ∇f_x over the B rows (Y = XU, q_b = Σ_i Y_bi²):
    /// ∂/∂u_i = 2u_i Σ_{j≠i} n_j + 4 Σ_{j≠i} G_ij u_j − (2/B) Σ_b Y_bi (q_b − Y_bi²) x_b.
    /// Cost: two B×d×d products per seed.
    /// </summary>
    public static Tensor Gradient(Tensor u, Tensor x)
    {
        using var scope = NewDisposeScope();
        var gram = u.mT.matmul(u);
        var norms = gram.diagonal(dim1: -2, dim2: -1).unsqueeze(-2);
        var y = x.matmul(u);
        var q = y.Square();
        var normTerm = (u * (norms.sum(dim: -1, keepdim: true) - norms)).Mul(2);
        var overlapTerm = u.matmul(gram - diag_embed(norms.squeeze(-2))).Mul(4);
        var sampleTerm = x.mT.matmul(y * (q.sum(dim: -1, keepdim: true) - q)).Mul(2.0 / x.shape[^2]);
        return (normTerm.Add(overlapTerm) - sampleTerm).MoveToOuterDisposeScope();
    }
}
