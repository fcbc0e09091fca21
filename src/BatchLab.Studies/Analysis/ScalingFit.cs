namespace BatchLab.Studies.Analysis;

/// <summary>
/// McCandlish et al. (2018): steps to a target S(B) = S_min(1 + B_noise/B), fitted to the
/// measured steps. Its B_noise is also B_crit = E_min/S_min: the trainer's samples are B × updates,
/// so E(B) = E_min(1 + B/B_noise) with E_min = S_min·B_noise is the same fit in other parameters
/// (<see cref="SamplesFit"/> only draws the samples curve), not a second measurement.
/// </summary>
public sealed record ScalingFit(double MinSteps, double NoiseScale, double RmsLogResidual)
{
    /// <summary>B_noise ended at the fit's search bound (B_min/1000 or B_max·1000): the steps do not determine it.</summary>
    public bool AtBound { get; init; }

    public double StepsAt(double batch) => MinSteps * (1 + (NoiseScale / batch));

    /// <summary>
    /// Least squares in log space (steps span orders of magnitude, so relative errors are what
    /// matter). Needs at least two batch sizes; null otherwise.
    /// </summary>
    public static ScalingFit? Fit(IReadOnlyList<(double Batch, double Steps)> points) =>
        LogFit.Fit(points, (noise, b) => Math.Log(1 + (noise / b))) is { } f ? new ScalingFit(f.Scale, f.Noise, f.Rms) { AtBound = f.AtBound } : null;
}

/// <summary>Samples to a target E(B) = E_min(1 + B/B_noise), fitted to the measured samples (for its curve; it repeats the steps fit).</summary>
public sealed record SamplesFit(double MinSamples, double NoiseScale, double RmsLogResidual)
{
    public double SamplesAt(double batch) => MinSamples * (1 + (batch / NoiseScale));

    public static SamplesFit? Fit(IReadOnlyList<(double Batch, double Samples)> points) =>
        LogFit.Fit(points, (noise, b) => Math.Log(1 + (b / noise))) is { } f ? new SamplesFit(f.Scale, f.Noise, f.Rms) : null;
}

/// <summary>
/// y_i = scale · g(noise, B_i) fitted in log space: for each noise on a log grid from
/// B_min/1000 to B_max·1000, log scale is the mean of log y_i − log g; the best grid point is
/// refined by golden-section search. A best point within one grid step of either end is
/// <c>AtBound</c>: the data do not bound B_noise inside the search (steps that do not fall with B
/// push it to the bottom, steps that halve with every doubling to the top). About 520 evaluations
/// of n points: some tens of microseconds per fit, so bootstraps can refit freely.
/// </summary>
static class LogFit
{
    const int Grid = 400;

    public static (double Scale, double Noise, double Rms, bool AtBound)? Fit(IReadOnlyList<(double Batch, double Value)> points, Func<double, double, double> logShape)
    {
        var valid = points.Where(p => p.Batch > 0 && p.Value > 0 && double.IsFinite(p.Value)).ToArray();
        if (valid.Select(p => p.Batch).Distinct().Count() < 2)
        {
            return null;
        }

        var logValues = valid.Select(p => Math.Log(p.Value)).ToArray();
        var offsets = new double[valid.Length];

        (double Residual, double LogScale) Evaluate(double logNoise)
        {
            var noise = Math.Exp(logNoise);
            var mean = 0.0;
            for (var i = 0; i < valid.Length; i++)
            {
                offsets[i] = logValues[i] - logShape(noise, valid[i].Batch);
                mean += offsets[i];
            }

            mean /= valid.Length;
            var residual = 0.0;
            for (var i = 0; i < valid.Length; i++)
            {
                residual += (offsets[i] - mean) * (offsets[i] - mean);
            }

            return (residual, mean);
        }

        var lo = Math.Log(valid.Min(p => p.Batch) / 1000);
        var hi = Math.Log(valid.Max(p => p.Batch) * 1000);
        var step = (hi - lo) / Grid;
        var (best, bestResidual) = (lo, double.PositiveInfinity);
        for (var i = 0; i <= Grid; i++)
        {
            var r = Evaluate(lo + (step * i)).Residual;
            if (r < bestResidual)
            {
                (best, bestResidual) = (lo + (step * i), r);
            }
        }

        double a = Math.Max(lo, best - step), b = Math.Min(hi, best + step), phi = (Math.Sqrt(5) - 1) / 2;
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
        return (Math.Exp(logScale), Math.Exp(x), Math.Sqrt(residual / valid.Length), x - lo < step || hi - x < step);
    }
}
