namespace BatchLab.Diagnostics.Noise;

/// <summary>
/// Exponentially weighted means of pairs (x, y) — here |G|² and tr Σ from one update each — with
/// the uncertainty of those means: weights β^(t−i) give the variance of a weighted mean of
/// independent values as s²·Σw²/(Σw)² (Kish's effective sample size (Σw)²/Σw²), with s² the
/// weighted variance of the values. Estimates from successive updates use disjoint samples, so
/// they are close to independent. The means equal <see cref="Ema"/>'s (bias-corrected).
/// </summary>
public sealed class WeightedMoments(double decay)
{
    double w, w2, x, y, xx, yy, xy;

    public long Count { get; private set; }

    public void Add(double a, double b)
    {
        (w, w2) = ((decay * w) + 1, (decay * decay * w2) + 1);
        (x, y) = ((decay * x) + a, (decay * y) + b);
        (xx, yy, xy) = ((decay * xx) + (a * a), (decay * yy) + (b * b), (decay * xy) + (a * b));
        Count++;
    }

    public double MeanX => x / w;

    public double MeanY => y / w;

    /// <summary>Kish's effective number of values behind the means.</summary>
    public double Effective => w * w / w2;

    /// <summary>Variances and covariance of the two means (NaN before two values).</summary>
    public (double X, double Y, double XY) MeanCovariance
    {
        get
        {
            if (Count < 2)
            {
                return (double.NaN, double.NaN, double.NaN);
            }

            // Weighted sample (co)variances with the reliability-weights correction, divided by n_eff.
            var correction = 1 / (1 - (w2 / (w * w)));
            var vx = ((xx / w) - (MeanX * MeanX)) * correction;
            var vy = ((yy / w) - (MeanY * MeanY)) * correction;
            var cxy = ((xy / w) - (MeanX * MeanY)) * correction;
            return (vx / Effective, vy / Effective, cxy / Effective);
        }
    }
}

/// <summary>
/// The smoothed noise scale B_simple = tr Σ/|G|² with a 90% interval by the delta method:
/// var(T/G)/(T/G)² ≈ var T/T² + var G/G² − 2 cov(T, G)/(T·G), from the variances of the smoothed
/// means. The ratio is only meaningful when |G|² is resolved: when its mean is not above
/// <see cref="Resolution"/> standard errors (B ≲ B_simple, where each update's |G|² estimate is
/// mostly noise), the noise scale is "not measurable at this B" and only a lower bound
/// tr Σ/(|G|² + 1.645 s.e.) is given.
/// </summary>
public sealed record RatioEstimate(double GradientSquaredNorm, double GradientSquaredNormError, double TraceCovariance, double TraceCovarianceError, double Covariance, double Effective)
{
    /// <summary>Standard errors |G|² must exceed for the ratio to be reported.</summary>
    public const double Resolution = 2;

    const double Z90 = 1.645;

    public bool Measurable => GradientSquaredNorm > Resolution * GradientSquaredNormError && double.IsFinite(GradientSquaredNormError) && TraceCovariance > 0;

    public double NoiseScale => Measurable ? TraceCovariance / GradientSquaredNorm : double.NaN;

    /// <summary>Standard error of B_simple by the delta method; NaN when not measurable.</summary>
    public double NoiseScaleError
    {
        get
        {
            if (!Measurable)
            {
                return double.NaN;
            }

            var (t, g) = (TraceCovariance, GradientSquaredNorm);
            var relative = (TraceCovarianceError * TraceCovarianceError / (t * t)) + (GradientSquaredNormError * GradientSquaredNormError / (g * g)) - (2 * Covariance / (t * g));
            return Math.Abs(NoiseScale) * Math.Sqrt(Math.Max(relative, 0));
        }
    }

    public double Low => Measurable ? Math.Max(0, NoiseScale - (Z90 * NoiseScaleError)) : double.NaN;

    public double High => Measurable ? NoiseScale + (Z90 * NoiseScaleError) : double.NaN;

    /// <summary>
    /// When not measurable: B_simple is at least this — tr Σ's lower 95% bound over |G|²'s upper one;
    /// NaN when either bound is not positive (the estimates then say nothing, not even a bound).
    /// </summary>
    public double LowerBound
    {
        get
        {
            var (trace, norm) = (TraceCovariance - (Z90 * TraceCovarianceError), GradientSquaredNorm + (Z90 * GradientSquaredNormError));
            return trace > 0 && norm > 0 ? trace / norm : double.NaN;
        }
    }

    public static RatioEstimate From(WeightedMoments m)
    {
        var (vg, vt, c) = m.MeanCovariance;
        return new RatioEstimate(m.MeanX, Math.Sqrt(vg), m.MeanY, Math.Sqrt(vt), c, m.Effective);
    }
}
