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

        // E = B·S: the fit of E finds E_min = S_min·B_noise, so B_crit = E_min/S_min = B_noise (one fit).
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
    public void B_crit_of_a_samples_fit_is_B_noise_of_the_steps_fit_whenever_samples_are_B_times_updates()
    {
        // The trainer's samples are B × updates: then E_min/S_min = B_noise for any steps, noisy or
        // not, so B_crit is one fit reported once, never a second measurement that "agrees".
        var random = new Random(7);
        var steps = new[] { 4.0, 16, 64, 256, 1024 }.Select(b => (b, 100 * (1 + (64 / b)) * Math.Exp((random.NextDouble() - 0.5) * 0.4))).ToList();

        var s = ScalingFit.Fit(steps)!;
        var e = SamplesFit.Fit([.. steps.Select(p => (p.b, p.Item2 * p.b))])!;

        Assert.Equal(s.NoiseScale, e.MinSamples / s.MinSteps, s.NoiseScale * 1e-4);
        Assert.Equal(s.NoiseScale, e.NoiseScale, s.NoiseScale * 1e-4);
    }

    [Fact]
    public void Needs_two_batch_sizes() => Assert.Null(ScalingFit.Fit([(8, 100)]));
}
