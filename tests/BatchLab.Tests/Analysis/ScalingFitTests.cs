using BatchLab.Studies.Analysis;

namespace BatchLab.Tests.Analysis;

public class ScalingFitTests
{
    [Theory]
    [InlineData(500.0, 64.0)]
    [InlineData(20.0, 3000.0)]
    public void Recovers_S_min_and_B_noise_from_exact_points(double sMin, double bNoise)
    {
        var points = new[] { 1.0, 4, 16, 64, 256, 1024, 4096 }.Select(b => (b, sMin * (1 + (bNoise / b)))).ToList();

        var fit = ScalingFit.Fit(points)!;

        Assert.Equal(sMin, fit.MinSteps, sMin * 1e-6);
        Assert.Equal(bNoise, fit.NoiseScale, bNoise * 1e-6);
        Assert.True(fit.RmsLogResidual < 1e-6);

        // E = B·S exactly here: the separate fit of E finds E_min = S_min·B_noise, so B_crit = E_min/S_min = B_noise.
        var samples = SamplesFit.Fit([.. points.Select(p => (p.b, p.Item2 * p.b))])!;
        Assert.Equal(sMin * bNoise, samples.MinSamples, sMin * bNoise * 1e-6);
        Assert.Equal(bNoise, samples.MinSamples / fit.MinSteps, bNoise * 1e-6);
    }

    [Fact]
    public void Is_robust_to_multiplicative_noise()
    {
        var random = new Random(1);
        var points = new[] { 2.0, 8, 32, 128, 512, 2048 }.Select(b => (b, 300 * (1 + (100 / b)) * Math.Exp((random.NextDouble() - 0.5) * 0.1))).ToList();

        var fit = ScalingFit.Fit(points)!;

        Assert.InRange(fit.NoiseScale, 80, 125);
        Assert.InRange(fit.MinSteps, 270, 330);
    }

    [Fact]
    public void B_crit_from_two_fits_is_no_longer_B_noise_when_samples_do_not_follow_the_steps_law()
    {
        // Steps follow S = 100(1 + 64/B), but the samples at large B are 2× what B·S gives (e.g. short
        // tail updates or a target met at different evaluations): the E fit sees a smaller B_noise.
        var batches = new[] { 4.0, 16, 64, 256, 1024 };
        var steps = batches.Select(b => (b, 100 * (1 + (64 / b)))).ToList();
        var samples = batches.Select(b => (b, 100 * (1 + (64 / b)) * b * (b >= 256 ? 2 : 1))).ToList();

        var s = ScalingFit.Fit(steps)!;
        var e = SamplesFit.Fit(samples)!;

        Assert.Equal(64, s.NoiseScale, 1e-3);
        Assert.True(Math.Abs((e.MinSamples / s.MinSteps) - 64) > 0.15 * 64, $"B_crit {e.MinSamples / s.MinSteps}");
    }

    [Fact]
    public void Needs_two_batch_sizes() => Assert.Null(ScalingFit.Fit([(8, 100)]));
}
