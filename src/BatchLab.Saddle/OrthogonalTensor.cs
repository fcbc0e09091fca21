using BatchLab.Runtime;
using static TorchSharp.torch;

namespace BatchLab.Saddle;

/// <summary>
/// Ge, Huang, Jin and Yuan (2015)'s orthogonal 4th-order tensor decomposition, for S independent
/// seeds at once. The hidden tensor is T = Σ_k a_k⊗a_k⊗a_k⊗a_k with A = [a_1 … a_d] orthonormal;
/// the iterate U = [u_1 … u_d] (columns on the unit sphere) minimises
/// f(U) = Σ_{i≠j} T(u_i,u_i,u_j,u_j) over ordered pairs i ≠ j. With C = AᵀU (C_ki = a_k·u_i) and
/// P = C∘C, T(u_i,u_i,u_j,u_j) = Σ_k P_ki P_kj, so f = Σ_k (Σ_i P_ki)² − Σ_ki P_ki²; f ≥ 0, and
/// f = 0 exactly when every u_i is ±a_π(i). Tensors are float64 with shape S×d×d (one matrix per
/// seed): seeds advance together because at d ≤ 10 a step costs TorchSharp's per-op overhead
/// (microseconds), not arithmetic.
/// </summary>
public sealed class OrthogonalTensor(Tensor components) : IDisposable
{
    /// <summary>The objective at <see cref="StrictSaddle"/>, whatever d and A.</summary>
    public const double SaddleValue = 1.0;

    /// <summary>
    /// The most negative Riemannian Hessian eigenvalue at <see cref="StrictSaddle"/>. Rotating u₁ and
    /// u₂ together by φ inside span{a₁,a₂} gives f = cos²(2φ), whose second derivative is −8 at
    /// φ = 0; that path is a geodesic of squared speed ‖u₁′‖² + ‖u₂′‖² = 2, so the Rayleigh quotient
    /// is −8/2 = −4 (tests confirm numerically that no direction is more negative).
    /// </summary>
    public const double SaddleCurvature = -4.0;

    /// <summary>A per seed, S×d×d, orthonormal columns.</summary>
    public Tensor Components { get; } = components;

    public int Seeds => (int)Components.shape[0];

    public int Dimension => (int)Components.shape[1];

    /// <summary>
    /// A Haar-random orthonormal A per seed (QR of a Gaussian matrix, R's diagonal made positive);
    /// seed k's A depends on k alone.
    /// </summary>
    public static OrthogonalTensor Random(int dimension, IEnumerable<int> seeds)
    {
        using var scope = NewDisposeScope();
        var each = seeds.Select(seed =>
        {
            using var generator = new Generator((ulong)seed);
            var (q, r) = linalg.qr(randn([dimension, dimension], dtype: float64, generator: generator));
            return q * r.diagonal().sign();
        });
        return new OrthogonalTensor(stack(each).MoveToOuterDisposeScope());
    }

    /// <summary>
    /// The strict saddle u₁ = (a₁+a₂)/√2, u₂ = (a₁−a₂)/√2, u_k = a_k for k ≥ 3: f = 1 (only the pair
    /// (1,2) overlaps: 2·(¼+¼)), and the Euclidean gradient (2u₁, 2u₂, 0, …) is radial, so the
    /// Riemannian gradient is zero in exact arithmetic and of rounding size in float64.
    /// </summary>
    public Tensor StrictSaddle()
    {
        using var scope = NewDisposeScope();
        var a1 = Components[.., .., 0];
        var a2 = Components[.., .., 1];
        var start = Components.clone();
        start[.., .., 0] = a1.Add(a2).Div(Math.Sqrt(2));
        start[.., .., 1] = (a1 - a2).Div(Math.Sqrt(2));
        return start.MoveToOuterDisposeScope();
    }

    /// <summary>
    /// The unit eigenvector of the Riemannian Hessian for <see cref="SaddleCurvature"/>: the velocity
    /// of that rotation, ((a₂−a₁)/2, (a₁+a₂)/2, 0, …).
    /// </summary>
    public Tensor EscapeDirection()
    {
        using var scope = NewDisposeScope();
        var a1 = Components[.., .., 0];
        var a2 = Components[.., .., 1];
        var direction = zeros_like(Components);
        direction[.., .., 0] = (a2 - a1).Div(2);
        direction[.., .., 1] = a1.Add(a2).Div(2);
        return direction.MoveToOuterDisposeScope();
    }

    /// <summary>f per seed.</summary>
    public double[] Objective(Tensor u)
    {
        using var scope = NewDisposeScope();
        var p = Components.mT.matmul(u).Square();
        var f = p.sum(dim: -1).Square().sum(dim: -1) - p.Square().sum([-2, -1]);
        return f.data<double>().ToArray();
    }

    /// <summary>Euclidean gradient: ∂f/∂u_i = 4 Σ_k a_k C_ki Σ_{j≠i} P_kj, i.e. 4A[C∘(r1ᵀ − P)] with r = P·1.</summary>
    public Tensor Gradient(Tensor u)
    {
        using var scope = NewDisposeScope();
        var c = Components.mT.matmul(u);
        var p = c.Square();
        var others = p.sum(dim: -1, keepdim: true) - p;
        return Components.matmul(c * others).Mul_(4).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// The directional derivative of <see cref="Gradient"/> along ξ (the Euclidean Hessian applied to
    /// ξ), exact: with dC = Aᵀξ and dP = 2C∘dC, d∇ = 4A[dC∘(r1ᵀ − P) + C∘(dr1ᵀ − dP)].
    /// </summary>
    public Tensor HessianVectorProduct(Tensor u, Tensor direction)
    {
        using var scope = NewDisposeScope();
        var c = Components.mT.matmul(u);
        var dc = Components.mT.matmul(direction);
        var p = c.Square();
        var dp = c.Mul(2) * dc;
        var others = p.sum(dim: -1, keepdim: true) - p;
        var dOthers = dp.sum(dim: -1, keepdim: true) - dp;
        return Components.matmul((dc * others).Add(c * dOthers)).Mul_(4).MoveToOuterDisposeScope();
    }

    public void Dispose() => Components.Dispose();
}
