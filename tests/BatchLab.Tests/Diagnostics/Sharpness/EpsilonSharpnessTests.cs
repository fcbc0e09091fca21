using BatchLab.Diagnostics.Sharpness;
using BatchLab.Runtime;
using static TorchSharp.torch;

namespace BatchLab.Tests.Diagnostics.Sharpness;

/// <summary>
/// ε-sharpness against closed forms. A convex quadratic attains its maximum over a box at a vertex:
/// for a separable one the vertex is known (each coordinate moves ε(|x_i| + 1) in the direction of
/// its gradient), and for small non-separable ones all 2^n vertices can be checked.
/// </summary>
public class EpsilonSharpnessTests
{
    [Theory]
    [InlineData(BoxMethod.BfgsB)]
    [InlineData(BoxMethod.ProjectedLbfgs)]
    public void Full_space_sharpness_of_a_separable_least_squares_loss_matches_its_closed_form(BoxMethod method)
    {
        using var scope = NewDisposeScope();

        // The 8 rows of a 2³ factorial design: columns orthogonal and zero-mean, so with the bias
        // H = ZᵀZ/N = diag(s₁², s₂², s₃², 1) exactly, and f(θ + δ) = f(θ) + gᵀδ + ½Σ h_i δ_i².
        var scales = new[] { 2.0, 1.0, 0.5 };
        var rows = Enumerable.Range(0, 8).Select(r => scales.Select((s, j) => (r >> j & 1) == 1 ? s : -s)).SelectMany(v => v).ToArray();
        var x = tensor(rows, [8, 3]);
        var y = tensor(new[] { 0.3, -1.2, 0.8, 2.0, -0.5, 0.1, 1.5, -0.9 }, [8, 1]);
        using var data = KnownSurfaces.Regression(x, y);
        using var model = KnownSurfaces.Linear([0.4, -0.7, 1.1], 0.2);
        using var f = new TrainingLoss(model, data.Train, data.Task);
        const double epsilon = 0.05;

        var measured = EpsilonSharpness.Full(f, epsilon, iterations: 10, method);

        var theta = f.Point.data<double>().ToArray();
        var (loss, gradient) = f.ValueAndGradient(f.Point);
        var g = gradient.data<double>().ToArray();
        var h = scales.Select(s => s * s).Append(1.0).ToArray();
        var rise = theta.Select((t, i) =>
        {
            var b = epsilon * (Math.Abs(t) + 1);
            return (Math.Abs(g[i]) * b) + (0.5 * h[i] * b * b);
        }).Sum();
        Assert.Equal(method, measured.Method);
        Assert.Equal(loss, measured.Loss, 1e-12);
        Assert.Equal(rise / (1 + loss) * 100, measured.Sharpness, 1e-9);
        Assert.Equal(1.0, measured.AtBound);
    }

    [Theory]
    [InlineData(BoxMethod.BfgsB)]
    [InlineData(BoxMethod.ProjectedLbfgs)]
    public void Full_space_sharpness_of_a_coupled_quadratic_is_its_best_vertex(BoxMethod method)
    {
        using var scope = NewDisposeScope();
        var f = CoupledQuadratic(n: 8);
        const double epsilon = 0.2;
        var bound = f.Point.data<double>().Select(t => epsilon * (Math.Abs(t) + 1)).ToArray();

        var measured = EpsilonSharpness.Full(f, epsilon, iterations: 10, method);

        var best = f.VertexMaximum(eye(8, dtype: ScalarType.Float64), bound);
        var loss = f.Value(f.Point);
        Assert.Equal((best - loss) / (1 + loss) * 100, measured.Sharpness, 1e-9);
    }

    [Theory]
    [InlineData(BoxMethod.BfgsB)]
    [InlineData(BoxMethod.ProjectedLbfgs)]
    public void Subspace_sharpness_boxes_the_coordinates_z_by_the_pseudo_inverse_of_A(BoxMethod method)
    {
        using var scope = NewDisposeScope();
        var f = CoupledQuadratic(n: 8);
        var a = EpsilonSharpness.RandomSubspace(8, 3, seed: 4, ScalarType.Float64);
        const double epsilon = 0.1;

        var measured = EpsilonSharpness.Subspace(f, a, epsilon, iterations: 10, method);

        var coordinates = linalg.pinv(a).matmul(f.Point).data<double>().ToArray();
        var bound = coordinates.Select(c => epsilon * (Math.Abs(c) + 1)).ToArray();
        var best = f.VertexMaximum(a, bound);
        var loss = f.Value(f.Point);
        Assert.Equal(SharpnessSpace.Subspace, measured.Space);
        Assert.Equal(3, measured.Dimension);
        Assert.Equal((best - loss) / (1 + loss) * 100, measured.Sharpness, 1e-9);
    }

    // H = I + 0.3·uuᵀ + 0.2·vvᵀ (positive definite, every entry coupled), studied away from its minimum.
    static KnownSurfaces.Quadratic CoupledQuadratic(int n)
    {
        using var generator = new Generator(21);
        var u = randn(n, ScalarType.Float64, generator: generator);
        var v = randn(n, ScalarType.Float64, generator: generator);
        var h = eye(n, dtype: ScalarType.Float64).Add(outer(u, u).Mul(0.3)).Add(outer(v, v).Mul(0.2));
        var c = randn(n, ScalarType.Float64, generator: generator).Mul(0.1);
        var x = randn(n, ScalarType.Float64, generator: generator);
        return new KnownSurfaces.Quadratic(h, c, x);
    }
}
