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
/// The smoothed noise scale B_simple = tr Σ/|G|² with a 90% interval by Fieller's theorem from the
/// variances and covariance of the smoothed means (its standard error by the delta method:
/// var(T/G)/(T/G)² ≈ var T/T² + var G/G² − 2 cov(T, G)/(T·G)). The ratio is only meaningful when |G|² is resolved: when its mean is not above
/// <see cref="Resolution"/> standard errors (B ≲ B_simple, where each update's |G|² estimate is
/// mostly noise), the noise scale is "not measurable at this B" and only a lower bound (the Fieller
/// set's lower end) is given.
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

    /// <summary>Lower end of the 90% Fieller interval (not below 0); NaN when not measurable.</summary>
    public double Low => Measurable ? Math.Max(0, Fieller().Low) : double.NaN;

    /// <summary>Upper end of the 90% Fieller interval; NaN when not measurable.</summary>
    public double High => Measurable ? Fieller().High : double.NaN;

    /// <summary>
    /// When not measurable: B_simple is at least this, the lower end of the Fieller set (which has
    /// no upper end once |G|² is within 1.645 standard errors of 0); NaN when the set is every
    /// value (the estimates then say nothing, not even a bound).
    /// </summary>
    public double LowerBound => Fieller().Low is var low && double.IsFinite(low) ? Math.Max(0, low) : double.NaN;

    /// <summary>
    /// Fieller's 90% set for T/G: the ρ with (T − ρG)² ≤ z²(var T − 2ρ cov + ρ² var G). Unlike the
    /// delta method it is not symmetric: a |G|² a few standard errors from 0 stretches the upper
    /// end, and one within z of 0 leaves no upper end (High = +∞). The delta method's symmetric
    /// interval covered the truth about 82% of the time where |G|² was barely resolved
    /// (RatioEstimateTests); this one holds its 90% there too.
    /// </summary>
    (double Low, double High) Fieller()
    {
        var (t, g) = (TraceCovariance, GradientSquaredNorm);
        var (vt, vg, c) = (TraceCovarianceError * TraceCovarianceError, GradientSquaredNormError * GradientSquaredNormError, Covariance);
        var z2 = Z90 * Z90;
        var a = (g * g) - (z2 * vg);
        var b = -2 * ((t * g) - (z2 * c));
        var k = (t * t) - (z2 * vt);
        var d = (b * b) - (4 * a * k);
        if (!double.IsFinite(d) || d < 0)
        {
            return (double.NaN, double.NaN);
        }

        var (r1, r2) = ((-b - Math.Sqrt(d)) / (2 * a), (-b + Math.Sqrt(d)) / (2 * a));
        // a > 0: the bounded interval between the roots; a ≤ 0: outside them, the branch holding T/G > 0 runs to +∞.
        return a > 0 ? (Math.Min(r1, r2), Math.Max(r1, r2)) : (Math.Max(r1, r2), double.PositiveInfinity);
    }

    public static RatioEstimate From(WeightedMoments m)
    {
        var (vg, vt, c) = m.MeanCovariance;
        return new RatioEstimate(m.MeanX, Math.Sqrt(vg), m.MeanY, Math.Sqrt(vt), c, m.Effective);
    }
}
