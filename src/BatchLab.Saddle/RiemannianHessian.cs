using BatchLab.Runtime;
using static TorchSharp.torch;

namespace BatchLab.Saddle;

/// <summary>
/// The Riemannian Hessian of <see cref="OrthogonalTensor"/> on the product of spheres, formed
/// exactly: on a unit sphere Hess f(u)[ξ] = P_u(∇²f(u)ξ) − (u·∇f(u)) ξ for tangent ξ, column by
/// column. Its matrix in an orthonormal tangent basis is n×n with n = d(d−1) per seed and costs n
/// Hessian-vector products (d = 10: 90 products of 10×10 matrices, milliseconds).
/// </summary>
public static class RiemannianHessian
{
    /// <summary>Hess f(U)[ξ] for a tangent ξ.</summary>
    public static Tensor Apply(OrthogonalTensor problem, Tensor u, Tensor direction)
    {
        using var scope = NewDisposeScope();
        var radial = (u * problem.Gradient(u)).sum(dim: -2, keepdim: true);
        var curvature = ProductSphere.Tangent(u, problem.HessianVectorProduct(u, direction));
        return (curvature - direction * radial).MoveToOuterDisposeScope();
    }

    /// <summary>Eigenvalues per seed, each in ascending order.</summary>
    public static double[][] Eigenvalues(OrthogonalTensor problem, Tensor u)
    {
        using var scope = NewDisposeScope();
        var basis = TangentBasis(u);
        var images = stack(basis.Select(e => Apply(problem, u, e).flatten(1)), dim: 1);
        var matrix = stack(basis.Select(e => e.flatten(1)), dim: 1).matmul(images.mT);
        // Symmetric in exact arithmetic; averaging with the transpose removes rounding asymmetry.
        var values = linalg.eigvalsh(matrix.Add(matrix.mT).Div(2));
        return Enumerable.Range(0, problem.Seeds).Select(s => values[s].data<double>().ToArray()).ToArray();
    }

    /// <summary>
    /// d(d−1) orthonormal tangent vectors at U: for column i, the eigenvectors of I − u_i u_iᵀ with
    /// eigenvalue 1 (eigh sorts the single 0, along u_i, first), placed in column i of a zero matrix.
    /// </summary>
    static List<Tensor> TangentBasis(Tensor u)
    {
        var d = u.shape[^1];
        var basis = new List<Tensor>();
        for (var i = 0; i < d; i++)
        {
            var column = u[.., .., i];
            var projector = eye(d, dtype: float64) - column.unsqueeze(-1) * column.unsqueeze(-2);
            var (_, vectors) = linalg.eigh(projector);
            for (var m = 1; m < d; m++)
            {
                var e = zeros_like(u);
                e[.., .., i] = vectors[.., .., m];
                basis.Add(e);
            }
        }

        return basis;
    }
}
