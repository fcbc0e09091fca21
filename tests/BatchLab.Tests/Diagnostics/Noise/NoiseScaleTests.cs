using BatchLab.Diagnostics.Gradients;
using BatchLab.Diagnostics.Noise;
using BatchLab.Tests.Support;

namespace BatchLab.Tests.Diagnostics.Noise;

/// <summary>The standalone estimator recovers |G|², tr Σ and B_simple of a regression with known gradient statistics.</summary>
[Collection(GlobalRandomCollection.Name)]
public class NoiseScaleTests
{
    [Fact]
    public void Per_sample_gradients_match_the_closed_form_within_sampling_error()
    {
        using var problem = new KnownRegression();
        var (squaredNorm, trace) = problem.ExactFromPerSampleGradients();

        // The closed form is for infinite data; N = 4096 samples leave a few percent of sampling error.
        Assert.InRange(trace / problem.ClosedFormTrace, 0.93, 1.07);
        Assert.InRange(squaredNorm / problem.ClosedFormSquaredNorm, 0.9, 1.1);
    }

    [Fact]
    public void Two_batch_estimate_is_within_10_percent_of_the_exact_values()
    {
        using var problem = new KnownRegression();
        var (exactSquaredNorm, exactTrace) = problem.ExactFromPerSampleGradients();
        // 2000 draws put the bootstrap standard deviation of tr Σ near 3%: 10% is over 3 of them.
        var options = new NoiseScaleOptions { Batches = [4, 32, 256], Draws = 2000, Seed = 1 };

        var result = NoiseScaleDiagnostic.Run(problem.Model, problem.Data, new DiagnosedModel("regression", "linear", "w* + δ"), options);

        var e = result.Estimate;
        Assert.Equal([4L, 32L, 256L], e.Batches);
        var widest = result.Measurement.Pairs.Single(p => p.Label == "4+256");
        Assert.InRange(widest.NoiseScale / (exactTrace / exactSquaredNorm), 0.9, 1.1);
        // The headline's |G|² is the exact one by construction; the draws' own estimate of it is the measurement.
        Assert.InRange(widest.GradientSquaredNorm / exactSquaredNorm, 0.9, 1.1);
        Assert.InRange(e.TraceCovariance / exactTrace, 0.9, 1.1);
        Assert.InRange(e.NoiseScale / (exactTrace / exactSquaredNorm), 0.9, 1.1);
        Assert.InRange(e.NoiseScale / (problem.ClosedFormTrace / problem.ClosedFormSquaredNorm), 0.85, 1.15);
        Assert.InRange(exactTrace / exactSquaredNorm, e.NoiseScaleSpread.Low * 0.9, e.NoiseScaleSpread.High * 1.1);
    }

    [Fact]
    public void Two_batch_formulas_are_McCandlish_for_independent_samples_and_exact_for_noiseless_means()
    {
        // E|g_B|² = |G|² + tr Σ / B with |G|² = 2 and tr Σ = 40: the estimators must invert it exactly.
        var e = NoiseScaleEstimate.TwoBatch(8, 2 + (40.0 / 8), 128, 2 + (40.0 / 128), population: null);
        Assert.Equal(2, e.GradientSquaredNorm, 12);
        Assert.Equal(40, e.TraceCovariance, 12);
        Assert.Equal(20, e.NoiseScale, 12);

        // Drawn without replacement from N = 100, the whole population has no noise: w(100) = 0.
        var finite = NoiseScaleEstimate.TwoBatch(10, 2 + (40 * SamplingNoise.Weight(10, 100)), 100, 2, population: 100);
        Assert.Equal(2, finite.GradientSquaredNorm, 12);
        Assert.Equal(40, finite.TraceCovariance, 12);
    }

    [Fact]
    public void Fewer_than_two_batch_sizes_is_a_one_line_error()
    {
        var e = Assert.Throws<BatchLabException>(() => new NoiseScaleOptions { Batches = [64] }.Validate(1000));
        Assert.Contains("at least two distinct sizes", e.Message, StringComparison.Ordinal);
    }
}
