using BatchLab.Runtime;
using static TorchSharp.torch;

namespace BatchLab.Saddle;

/// <summary>
/// Geometry of the constraint ‖u_i‖ = 1 for every column of U (a product of d unit spheres, a
/// manifold of dimension d(d−1)); tensors are S×d×d, one U per seed. Descent is Riemannian: the
/// step uses the gradient projected onto the tangent space, then the retraction renormalises each
/// column. (Projecting the step instead would let the radial part of ∇f rescale the step length.)
/// </summary>
public static class ProductSphere
{
    /// <summary>Removes from each column g_i its component along u_i: g_i − u_i (u_i·g_i).</summary>
    public static Tensor Tangent(Tensor u, Tensor g)
    {
        using var scope = NewDisposeScope();
        return (g - u * (u * g).sum(dim: -2, keepdim: true)).MoveToOuterDisposeScope();
    }

    /// <summary>The retraction: each column divided by its norm.</summary>
    public static Tensor Retract(Tensor u)
    {
        using var scope = NewDisposeScope();
        return (u / u.norm(dim: -2, keepdim: true)).MoveToOuterDisposeScope();
    }

    /// <summary>One projected gradient step: retract(U − η·grad_R f).</summary>
    public static Tensor Step(Tensor u, Tensor riemannianGradient, double learningRate)
    {
        using var scope = NewDisposeScope();
        return Retract(u - riemannianGradient.Mul(learningRate)).MoveToOuterDisposeScope();
    }

    /// <summary>‖grad_R f‖ per seed (Frobenius norm over all columns).</summary>
    public static double[] Norm(Tensor tangent)
    {
        using var scope = NewDisposeScope();
        return tangent.Square().sum([-2, -1]).sqrt().data<double>().ToArray();
    }

    /// <summary>
    /// Per seed, a point drawn uniformly from the ball of the given radius in the tangent space at U
    /// (dimension n = d(d−1)): a projected Gaussian is isotropic in that space, so its direction is
    /// uniform, and a length r·v^(1/n) with v uniform on [0,1] makes the point uniform in the ball.
    /// </summary>
    public static Tensor UniformTangentBall(Tensor u, double radius, Generator generator)
    {
        using var scope = NewDisposeScope();
        var direction = Tangent(u, randn(u.shape, dtype: float64, generator: generator));
        var n = u.shape[^1] * (u.shape[^1] - 1);
        var length = rand([u.shape[0], 1, 1], dtype: float64, generator: generator).Pow(1.0 / n).Mul(radius);
        var unit = direction / direction.Square().sum([-2, -1], keepdim: true).sqrt();
        return (unit * length).MoveToOuterDisposeScope();
    }
}
