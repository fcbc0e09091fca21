using BatchLab.Diagnostics.Agreement;
using BatchLab.Diagnostics.Gradients;
using BatchLab.Diagnostics.Noise;
using BatchLab.Tests.Diagnostics.Noise;
using BatchLab.Tests.Support;

namespace BatchLab.Tests.Diagnostics.Agreement;

/// <summary>Mean cosines against the noise-scale prediction on a regression with known gradient statistics.</summary>
[Collection(GlobalRandomCollection.Name)]
public class GradientAgreementTests
{
    [Fact]
    public void Mean_cosine_follows_the_prediction_from_the_exact_noise_scale_and_reaches_1_at_N()
    {
        using var problem = new KnownRegression();
        var (squaredNorm, trace) = problem.ExactFromPerSampleGradients();
        var exact = trace / squaredNorm;
        var options = new AgreementOptions { Draws = 200, Seed = 2, Noise = new NoiseScaleOptions { Batches = [4, 32, 256] } };
        using var gradients = new MeanGradient(problem.Model, problem.Data);
        using var population = new SamplePopulation(gradients.TrainSize, null, 2, gradients.Device);

        var point = GradientAgreement.Measure(gradients, population, "w* + δ", options);

        // The prediction is E|G|/√E|g_B|², the mean cosine E[cos]: they differ by a Jensen gap that is
        // largest for small B (0.03 here at B = 2, where 200 draws also leave a standard error of 0.013).
        var n = population.Size;
        Assert.All(point.Rows, r => Assert.InRange(r.MeanCosine - SamplingNoise.PredictedCosine(exact, r.Batch, n), -0.05, 0.05));
        Assert.All(point.Rows.Where(r => r.Batch >= 256), r => Assert.InRange(r.MeanCosine - SamplingNoise.PredictedCosine(exact, r.Batch, n), -0.005, 0.005));
        Assert.True(point.Rows.Zip(point.Rows.Skip(1)).All(p => p.Second.MeanCosine > p.First.MeanCosine));
        Assert.Equal(n, point.Rows[^1].Batch);
        Assert.Equal(1.0, point.Rows[^1].MeanCosine, 9);
        Assert.Contains(point.Rows, r => r.Batch == 41);
        Assert.Equal(squaredNorm, point.FullGradientSquaredNorm, 9);
        Assert.InRange(point.NoiseScale / exact, 0.85, 1.15);
    }

    [Fact]
    public void Default_sizes_are_powers_of_two_below_N_with_N_over_100_and_N()
    {
        var sizes = new AgreementOptions().BatchesFor(55_000);

        Assert.Equal([1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 550, 1024, 2048, 4096, 8192, 16384, 32768, 55_000], sizes);
        Assert.Throws<BatchLabException>(() => new AgreementOptions { Batches = [0, 8] }.BatchesFor(100));
    }
}
