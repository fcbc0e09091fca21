namespace BatchLab.Studies.Analysis;

/// <summary>
/// McCandlish et al. (2018): steps to a target S(B) = S_min(1 + B_noise/B) and samples
/// E(B) = E_min(1 + B/B_noise) with E_min = S_min·B_noise, so B_crit = E_min/S_min = B_noise.
/// </summary>
public sealed record ScalingFit(double MinSteps, double NoiseScale, double RmsLogResidual)
{
    public double MinSamples => MinSteps * NoiseScale;

    public double CriticalBatch => MinSamples / MinSteps;

    public double StepsAt(double batch) => MinSteps * (1 + (NoiseScale / batch));

    public double SamplesAt(double batch) => MinSamples * (1 + (batch / NoiseScale));

    /// <summary>
    /// Least squares in log space (steps span orders of magnitude, so relative errors are what
    /// matter): for each trial B_noise on a log grid, log S_min is the mean of
    /// log S_i − log(1 + B_noise/B_i); the best grid point is refined by golden-section search.
    /// Needs at least two batch sizes; null otherwise.
    /// </summary>
    public static ScalingFit? Fit(IReadOnlyList<(double Batch, double Steps)> points)
    {
        var valid = points.Where(p => p.Batch > 0 && p.Steps > 0 && double.IsFinite(p.Steps)).ToList();
        if (valid.Select(p => p.Batch).Distinct().Count() < 2)
        {
            return null;
        }

        (double Residual, double LogMin) Evaluate(double logNoise)
        {
            var noise = Math.Exp(logNoise);
            var offsets = valid.Select(p => Math.Log(p.Steps) - Math.Log(1 + (noise / p.Batch))).ToList();
            var logMin = offsets.Average();
            return (offsets.Sum(o => (o - logMin) * (o - logMin)), logMin);
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
        var (residual, logMinSteps) = Evaluate(x);
        return new ScalingFit(Math.Exp(logMinSteps), Math.Exp(x), Math.Sqrt(residual / valid.Count));
    }
}
