namespace BatchLab.Adaptive;

/// <summary>What one decision interval's gradients say about the noise scale.</summary>
/// <param name="NoiseScale">B_noise ≈ B_simple = mean tr Σ / mean |G|², or a lower bound when not resolved.</param>
/// <param name="Resolved">False when |G|² was not resolved above its own sampling error: the noise then dominates the signal at the batch sizes seen, and <paramref name="NoiseScale"/> is a lower bound, mean tr Σ over an upper bound of |G|² (mean + 2 standard errors).</param>
public sealed record NoiseReading(double NoiseScale, bool Resolved, long Estimates);

/// <summary>
/// Collects the two-batch estimates of |G|² and tr Σ that the accumulation gives for free (first
/// micro-batch of M samples vs the whole batch of B; McCandlish et al. 2018, Appendix A) over
/// one decision interval, and averages them before the ratio. Each estimate is unbiased but, at
/// B ≲ B_simple, very noisy: the mean of |G|² is trusted only when it exceeds twice its standard
/// error (and at least <see cref="MinEstimates"/> were made); otherwise the reading is a lower
/// bound, and the estimates keep accumulating into the next interval (at most
/// <see cref="MaxIntervals"/> intervals) until |G|² is resolved.
/// </summary>
public sealed class NoiseWindow
{
    public const int MinEstimates = 5;

    public const int MaxIntervals = 4;

    double sumG;
    double sumG2;
    double sumT;
    long count;
    int intervals;

    public void Add(double gradientSquaredNorm, double traceCovariance)
    {
        sumG += gradientSquaredNorm;
        sumG2 += gradientSquaredNorm * gradientSquaredNorm;
        sumT += traceCovariance;
        count++;
    }

    /// <summary>
    /// The reading at the end of a decision interval; null without estimates or without a
    /// positive trace. A resolved reading starts a fresh window; an unresolved one keeps its
    /// estimates for the next interval (up to <see cref="MaxIntervals"/>).
    /// </summary>
    public NoiseReading? Take()
    {
        if (count == 0)
        {
            return null;
        }

        var n = count;
        var meanG = sumG / n;
        var meanT = sumT / n;
        var variance = n > 1 ? Math.Max(0, (sumG2 - (n * meanG * meanG)) / (n - 1)) : double.PositiveInfinity;
        var upper = meanG + (2 * Math.Sqrt(variance / n));
        var resolved = n >= MinEstimates && meanG > upper - meanG && meanT > 0;
        if (resolved || ++intervals >= MaxIntervals)
        {
            (sumG, sumG2, sumT, count, intervals) = (0, 0, 0, 0, 0);
        }

        if (!(meanT > 0))
        {
            return null;
        }

        return resolved ? new NoiseReading(meanT / meanG, true, n)
            : double.IsFinite(upper) && upper > 0 ? new NoiseReading(meanT / upper, false, n)
            : null;
    }

    public void SaveTo(IDictionary<string, double> state)
    {
        state["noise.sum_g"] = sumG;
        state["noise.sum_g2"] = sumG2;
        state["noise.sum_t"] = sumT;
        state["noise.count"] = count;
        state["noise.intervals"] = intervals;
    }

    public void RestoreFrom(IReadOnlyDictionary<string, double> state)
    {
        sumG = state.GetValueOrDefault("noise.sum_g");
        sumG2 = state.GetValueOrDefault("noise.sum_g2");
        sumT = state.GetValueOrDefault("noise.sum_t");
        count = (long)state.GetValueOrDefault("noise.count");
        intervals = (int)state.GetValueOrDefault("noise.intervals");
    }
}
