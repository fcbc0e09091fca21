using BatchLab.Runtime;
using BatchLab.Saddle;
using static TorchSharp.torch;

namespace BatchLab.Tests.Diagnostics.Saddle;

public class SampleObjectiveTests
{
    [Fact]
    public void Averaged_over_every_sign_vector_the_estimator_is_exactly_the_population_objective_and_gradient()
    {
        // E over Rademacher s is a finite average: all 2^d sign vectors, each with probability 2^-d.
        const int d = 5;
        using var problem = OrthogonalTensor.Random(d, [1]);
        using var generator = new Generator(2);
        using var u = randn(1, d, d, dtype: float64, generator: generator); // off the sphere: unbiased everywhere
        var signs = Enumerable.Range(0, 1 << d).SelectMany(k => Enumerable.Range(0, d).Select(i => (k >> i & 1) == 1 ? 1.0 : -1.0)).ToArray();
        using var x = tensor(signs).reshape(1, 1 << d, d).matmul(problem.Components.mT);

        Assert.Equal(problem.Objective(u)[0], SampleObjective.Objective(u, x)[0], 1e-10);
        Assert.True(SampleObjective.Gradient(u, x).allclose(problem.Gradient(u), rtol: 1e-12, atol: 1e-10));
    }

    [Fact]
    public void The_mean_of_sampled_gradients_converges_to_the_population_gradient_at_the_rate_of_the_noise()
    {
        const int d = 6;
        using var problem = OrthogonalTensor.Random(d, [3]);
        using var generator = new Generator(4);
        using var u = ProductSphere.Retract(randn(1, d, d, dtype: float64, generator: generator));
        using var exact = problem.Gradient(u);
        using var spread = SampleObjective.Draw(problem, 4096, generator);
        // tr Σ: the mean squared distance of single-sample gradients from the exact one.
        var traceSigma = Enumerable.Range(0, 256).Average(b =>
            (SampleObjective.Gradient(u, spread[.., b..(b + 1)]) - exact).Square().sum().item<double>());

        var errors = new[] { 256, 4096, 65536 }.Select(n =>
        {
            var error = (SampleObjective.Gradient(u, SampleObjective.Draw(problem, n, generator)) - exact).norm().item<double>();
            Assert.True(error < 4 * Math.Sqrt(traceSigma / n), $"B = {n}: error {error} against the expected {Math.Sqrt(traceSigma / n)}");
            return error;
        }).ToArray();

        Assert.True(errors[2] < errors[0] / 4, $"errors {string.Join(", ", errors)} do not shrink like 1/√B");
    }

    [Fact]
    public void At_the_saddle_no_sample_pushes_along_the_escape_direction_and_at_the_minimum_every_sample_still_pushes()
    {
        const int d = 4;
        using var problem = OrthogonalTensor.Random(d, [0, 1]);

        var checks = SaddleCertificate.For(problem, [0, 1]);

        foreach (var check in checks)
        {
            Assert.True(check.SaddleSampleGradientAlongEscape < 1e-12, $"{check.SaddleSampleGradientAlongEscape}");
            Assert.True(check.SaddleSampleGradientNorm > 1);
            // At U = A the single-sample gradient of u_i is −2 s_i (d−1) Σ_{k≠i} s_k a_k: norm² 4d(d−1)³ for every sample.
            Assert.Equal(Math.Sqrt(4.0 * d * Math.Pow(d - 1, 3)), check.MinimumSampleGradientNorm, 1e-9);
            Assert.Equal(0, check.MinimumObjective, 1e-12);
        }
    }
}
