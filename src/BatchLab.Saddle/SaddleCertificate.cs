using BatchLab.Runtime;
using static TorchSharp.torch;

namespace BatchLab.Saddle;

/// <summary>Checks, per seed, that the start point is a strict saddle, that A is a global minimum, and what SGD's noise looks like at both.</summary>
public static class SaddleCertificate
{
    /// <summary>Single-sample gradients drawn to probe the noise (a few milliseconds).</summary>
    const int NoiseSamples = 64;

    public static IReadOnlyList<SeedCheck> For(OrthogonalTensor problem, IReadOnlyList<int> seeds)
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(0x5add1e);
        var u = problem.StrictSaddle();
        var f = problem.Objective(u);
        var gradient = ProductSphere.Norm(ProductSphere.Tangent(u, problem.Gradient(u)));
        var spectra = RiemannianHessian.Eigenvalues(problem, u);
        var (noise, along) = Noise(problem, u, generator);
        var minimum = problem.Objective(problem.Components);
        var (minimumNoise, _) = Noise(problem, problem.Components, generator);
        // |eigenvalue| ≤ 1e-9 would be a flat direction; the spectrum here has none.
        return [.. seeds.Select((seed, s) => new SeedCheck(
            seed, f[s], gradient[s], spectra[s][0], spectra[s].Count(e => e < -1e-9),
            spectra[s].Where(e => e > 1e-9).DefaultIfEmpty(double.NaN).Min(), noise[s], along[s],
            minimum[s], minimumNoise[s]))];
    }

    /// <summary>
    /// Per seed: the RMS norm of single-sample Riemannian gradients at U, and their largest
    /// |component| along <see cref="OrthogonalTensor.EscapeDirection"/>.
    /// </summary>
    static (double[] Rms, double[] Along) Noise(OrthogonalTensor problem, Tensor u, Generator generator)
    {
        using var scope = NewDisposeScope();
        var escape = problem.EscapeDirection();
        var squares = zeros(problem.Seeds, dtype: float64);
        var along = zeros(problem.Seeds, dtype: float64);
        for (var k = 0; k < NoiseSamples; k++)
        {
            var g = ProductSphere.Tangent(u, SampleObjective.Gradient(u, SampleObjective.Draw(problem, 1, generator)));
            squares += g.Square().sum([-2, -1]);
            along = maximum(along, (g * escape).sum([-2, -1]).abs());
        }

        return (squares.Div(NoiseSamples).sqrt().data<double>().ToArray(), along.data<double>().ToArray());
    }
}
