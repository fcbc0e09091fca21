using BatchLab.Runtime;
using BatchLab.Saddle;
using static TorchSharp.torch;

namespace BatchLab.Tests.Diagnostics.Saddle;

public class OrthogonalTensorTests
{
    [Theory]
    [InlineData(4)]
    [InlineData(7)]
    [InlineData(10)]
    public void The_start_point_is_a_strict_saddle_with_the_closed_form_curvature(int d)
    {
        using var problem = OrthogonalTensor.Random(d, [0, 1, 2]);
        using var u = problem.StrictSaddle();

        var f = problem.Objective(u);
        var gradient = ProductSphere.Norm(ProductSphere.Tangent(u, problem.Gradient(u)));
        var spectra = RiemannianHessian.Eigenvalues(problem, u);

        for (var s = 0; s < 3; s++)
        {
            Assert.Equal(OrthogonalTensor.SaddleValue, f[s], 1e-12);
            Assert.True(gradient[s] < 1e-10, $"seed {s}: Riemannian gradient {gradient[s]}");
            Assert.Equal(d * (d - 1), spectra[s].Length);
            Assert.Equal(OrthogonalTensor.SaddleCurvature, spectra[s][0], 1e-9);
            Assert.True(spectra[s][1] > 1, $"seed {s}: a second negative or flat direction, {spectra[s][1]}");
        }
    }

    [Fact]
    public void Along_the_escape_rotation_the_objective_is_cos_squared_of_twice_the_angle()
    {
        using var problem = OrthogonalTensor.Random(5, [3]);
        var a1 = problem.Components[0, .., 0];
        var a2 = problem.Components[0, .., 1];
        foreach (var phi in new[] { 0.05, 0.3, 0.7 })
        {
            using var u = problem.StrictSaddle();
            var (t1, t2) = (Math.PI / 4 + phi, -Math.PI / 4 + phi);
            u[0, .., 0] = a1.Mul(Math.Cos(t1)).Add(a2.Mul(Math.Sin(t1)));
            u[0, .., 1] = a1.Mul(Math.Cos(t2)).Add(a2.Mul(Math.Sin(t2)));

            Assert.Equal(Math.Pow(Math.Cos(2 * phi), 2), problem.Objective(u)[0], 1e-12);
        }
    }

    [Fact]
    public void The_escape_direction_is_the_eigenvector_of_the_negative_eigenvalue()
    {
        using var problem = OrthogonalTensor.Random(6, [4, 5]);
        using var u = problem.StrictSaddle();
        using var escape = problem.EscapeDirection();

        using var image = RiemannianHessian.Apply(problem, u, escape);

        Assert.True(image.allclose(escape.Mul(OrthogonalTensor.SaddleCurvature), rtol: 0, atol: 1e-12));
        Assert.Equal(1.0, escape[0].norm().item<double>(), 1e-12);
    }

    [Fact]
    public void The_hidden_components_are_a_global_minimum_with_value_zero_up_to_sign_and_order()
    {
        using var problem = OrthogonalTensor.Random(6, [7]);
        var a = problem.Components;
        using var permutedAndFlipped = a.index_select(2, tensor(new long[] { 3, 0, 5, 1, 4, 2 })) * tensor(new double[] { 1, -1, 1, -1, -1, 1 });
        using var generator = new Generator(11);
        using var random = ProductSphere.Retract(randn(1, 6, 6, dtype: float64, generator: generator));

        Assert.Equal(0, problem.Objective(a)[0], 1e-12);
        Assert.Equal(0, problem.Objective(permutedAndFlipped)[0], 1e-12);
        Assert.True(ProductSphere.Norm(ProductSphere.Tangent(a, problem.Gradient(a)))[0] < 1e-12);
        Assert.True(problem.Objective(random)[0] > 0.1);
    }

    [Fact]
    public void Gradient_and_hessian_vector_product_match_central_differences()
    {
        using var problem = OrthogonalTensor.Random(5, [8]);
        using var generator = new Generator(9);
        using var u = randn(1, 5, 5, dtype: float64, generator: generator);
        using var direction = randn(1, 5, 5, dtype: float64, generator: generator);
        const double h = 1e-5;

        var slope = (problem.Objective(u.Add(direction.Mul(h)))[0] - problem.Objective(u - direction.Mul(h))[0]) / (2 * h);
        using var curvature = (problem.Gradient(u.Add(direction.Mul(h))) - problem.Gradient(u - direction.Mul(h))).Div(2 * h);

        Assert.Equal(slope, (problem.Gradient(u) * direction).sum().item<double>(), 1e-6 * Math.Abs(slope));
        Assert.True(curvature.allclose(problem.HessianVectorProduct(u, direction), rtol: 1e-7, atol: 1e-6));
    }
}
