namespace BatchLab.Studies.Analysis;

/// <summary>
/// McCandlish et al. (2018): steps to a target S(B) = S_min(1 + B_noise/B), fitted to the
/// measured steps. Its B_noise is also B_crit = E_min/S_min: the trainer's samples are B × updates,
/// so E(B) = E_min(1 + B/B_noise) with E_min = S_min·B_noise is the same fit in other parameters
/// (<see cref="SamplesFit"/> only draws the samples curve), not a second measurement.
/// </summary>
public sealed record ScalingFit(double MinSteps, double NoiseScale, double RmsLogResidual)
{
    public double StepsAt(double batch) => MinSteps * (1 + (NoiseScale / batch));

    /// <summary>
    /// Least squares in log space (steps span orders of magnitude, so relative errors are what
    /// matter). Needs at least two batch sizes; null otherwise.
    /// </summary>
    public static ScalingFit? Fit(IReadOnlyList<(double Batch, double Steps)> points) =>
        LogFit.Fit(points, (noise, b) => Math.Log(1 + (noise / b))) is { } f ? new ScalingFit(f.Scale, f.Noise, f.Rms) : null;
}

/// <summary>Samples to a target E(B) = E_min(1 + B/B_noise), fitted to the measured samples (for its curve; it repeats the steps fit).</summary>
public sealed record SamplesFit(double MinSamples, double NoiseScale, double RmsLogResidual)
{
    public double SamplesAt(double batch) => MinSamples * (1 + (batch / NoiseScale));

    public static SamplesFit? Fit(IReadOnlyList<(double Batch, double Samples)> points) =>
        LogFit.Fit(points, (noise, b) => Math.Log(1 + (b / noise))) is { } f ? new SamplesFit(f.Scale, f.Noise, f.Rms) : null;
}

/// <summary>
/// The critical batch B_crit = E_min/S_min = B_noise of the steps fit, with a 90% interval from a bootstrap
/// that resamples the batch sizes and, within each, the seeds (<see cref="Resamples"/> refits);
/// Low and High are NaN when too few resamples gave a fit.
/// </summary>
public sealed record CriticalBatch(double Value, double Low, double High, int Resamples)
{
    public bool HasInterval => double.IsFinite(Low) && double.IsFinite(High);
}

/// <summary>
/// y_i = scale · g(noise, B_i) fitted in log space: for each noise on a log grid, log scale is the
/// mean of log y_i − log g; the best grid point is refined by golden-section search.
/// </summary>
static class LogFit
{
    public static (double Scale, double Noise, double Rms)? Fit(IReadOnlyList<(double Batch, double Value)> points, Func<double, double, double> logShape)
    {
        var valid = points.Where(p => p.Batch > 0 && p.Value > 0 && double.IsFinite(p.Value)).ToList();
        if (valid.Select(p => p.Batch).Distinct().Count() < 2)
        {
            return null;
        }

        (double Residual, double LogScale) Evaluate(double logNoise)
        {
            var noise = Math.Exp(logNoise);
            var offsets = valid.Select(p => Math.Log(p.Value) - logShape(noise, p.Batch)).ToList();
            var logScale = offsets.Average();
            return (offsets.Sum(o => (o - logScale) * (o - logScale)), logScale);
        }

        var lo = Math.Log(valid.Min(p => p.Batch) / 1000);
        var hi = Math.Log(valid.Max(p => p.Batch) * 1000);
        var best = Enumerable.Range(0, 401).Select(i => lo + ((hi - lo) * i / 400)).MinBy(x => Evaluate(x).Residual);
        var step = (hi - lo) / 400;
        double a = best - step, b = best + step, phi = (Math.Sqrt(5) - 1) / 2;
        for (var i = 0; i < 60; i++)
        {
            var c = b - (phi * (b - a));
            var d = a + (phi * (b - a));
            if (Evaluate(c).Residual < Evaluate(d).Residual)
            {
                b = d;
            }
            else
            {
                a = c;
            }
        }

        var x = (a + b) / 2;
        var (residual, logScale) = Evaluate(x);
        return (Math.Exp(logScale), Math.Exp(x), Math.Sqrt(residual / valid.Count));
    }
}
