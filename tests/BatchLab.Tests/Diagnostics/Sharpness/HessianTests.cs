using BatchLab.Diagnostics.Sharpness;
using BatchLab.Runtime;
using BatchLab.Tests.Support;
using static TorchSharp.torch;

namespace BatchLab.Tests.Diagnostics.Sharpness;

/// <summary>
/// Hessian-vector products by double backward, power iteration and Lanczos against a least-squares
/// problem whose Hessian ZᵀZ/N is known exactly, and against finite differences on a network.
/// </summary>
public class HessianTests
{
    // 200 samples, d = 6, columns scaled so the spectrum is spread (top eigenvalue ≈ 9, next ≈ 4).
    static (Tensor X, Tensor Y) Design()
    {
        using var generator = new Generator(11);
        var x = randn([200, 6], ScalarType.Float64, generator: generator).mul_(tensor(new[] { 3.0, 2, 1, 1, 0.5, 0.5 }));
        var y = randn([200, 1], ScalarType.Float64, generator: generator);
        return (x, y);
    }

    [Fact]
    public void Hessian_vector_product_equals_the_exact_least_squares_Hessian_times_v()
    {
        using var scope = NewDisposeScope();
        var (x, y) = Design();
        using var data = KnownSurfaces.Regression(x, y);
        using var model = KnownSurfaces.Linear([0.1, -0.2, 0.3, 0, 0.5, -1], 0.25);
        using var f = new TrainingLoss(model, data.Train, data.Task, chunk: 37);
        var v = tensor(new[] { 1.0, -2, 0.5, 3, 0, 1, -1 });

        var hv = f.HessianVector(v);

        var exact = KnownSurfaces.LeastSquaresHessian(x).matmul(v);
        Assert.True(hv.sub(exact).norm().item<double>() <= 1e-12 * exact.norm().item<double>(), $"Hv = {string.Join(", ", hv.data<double>().ToArray())}, H·v = {string.Join(", ", exact.data<double>().ToArray())}");
        Assert.Equal(1.0, v[0].item<double>());
    }

    [Fact]
    public void Power_iteration_recovers_the_top_eigenvalue_within_one_percent()
    {
        using var scope = NewDisposeScope();
        var (x, y) = Design();
        using var data = KnownSurfaces.Regression(x, y);
        using var model = KnownSurfaces.Linear([0, 0, 0, 0, 0, 0], 0);
        using var f = new TrainingLoss(model, data.Train, data.Task, chunk: 64);
        var top = linalg.eigvalsh(KnownSurfaces.LeastSquaresHessian(x)).max().item<double>();

        var power = PowerIteration.Run(f.HessianVector, f.Dimension, maxIterations: 100, tolerance: 1e-6, seed: 3);

        Assert.True(power.Converged);
        Assert.InRange(power.Eigenvalue, top * 0.99, top * 1.01);
        Assert.InRange(power.Eigenvalue, top * (1 - 1e-4), top * (1 + 1e-4));
    }

    [Fact]
    public void Lanczos_with_as_many_steps_as_dimensions_gives_the_exact_top_of_the_spectrum()
    {
        using var scope = NewDisposeScope();
        var (x, y) = Design();
        using var data = KnownSurfaces.Regression(x, y);
        using var model = KnownSurfaces.Linear([1, 1, 1, 1, 1, 1], 1);
        using var f = new TrainingLoss(model, data.Train, data.Task);
        var exact = linalg.eigvalsh(KnownSurfaces.LeastSquaresHessian(x)).data<double>().OrderDescending().ToArray();

        var lanczos = Lanczos.TopEigenvalues(f.HessianVector, f.Dimension, steps: 7, count: 3, seed: 5);

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(exact[i], lanczos.Eigenvalues[i], exact[i] * 1e-9);
            Assert.True(lanczos.Residuals[i] < 1e-6, $"residual {lanczos.Residuals[i]}");
        }
    }

    [Fact]
    public void Hessian_vector_product_of_a_network_matches_finite_differences_of_its_gradient()
    {
        using var scope = NewDisposeScope();
        using var data = TinyData.Classification(n: 120).ToDtype(ScalarType.Float64);
        using var model = KnownSurfaces.TanhNetwork(seed: 2);
        using var f = new TrainingLoss(model, data.Train, data.Task, chunk: 50);
        using var generator = new Generator(9);
        var v = randn(f.Dimension, ScalarType.Float64, generator: generator);
        const double h = 1e-5;

        var hv = f.HessianVector(v);
        var plus = f.ValueAndGradient(f.Point.Add(v, alpha: h)).Gradient;
        var minus = f.ValueAndGradient(f.Point.Add(v, alpha: -h)).Gradient;

        var finite = plus.sub(minus).Div(2 * h);
        Assert.True(hv.sub(finite).norm().item<double>() <= 1e-6 * hv.norm().item<double>());
    }
}
