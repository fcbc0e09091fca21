using BatchLab.Diagnostics.Noise;
using BatchLab.Text;

namespace BatchLab.Studies.Findings;

/// <summary>How a B_simple bootstrap interval reads: two-sided, or a one-sided lower bound when resamples with |G|² ≤ 0 (B_simple = ∞) reach its top.</summary>
public static class IntervalText
{
    static string N(double v) => NumberFormat.General.Format(v);

    /// <summary>"90% interval L to H", or "at least L (…)" when <paramref name="high"/> is +∞.</summary>
    public static string Of(double low, double high, int unbounded = 0, int resamples = 0)
    {
        if (!double.IsFinite(low))
        {
            return "no interval";
        }

        if (!double.IsPositiveInfinity(high))
        {
            return $"90% interval {N(low)} to {N(high)}";
        }

        var count = resamples > 0 ? $"{unbounded} of {resamples} resamples" : "over 5% of the resamples";
        return $"one-sided: at least {N(low)} with 95% confidence, no upper bound ({count} gave |G|² ≤ 0, i.e. B_simple = ∞)";
    }

    public static string Of(Spread s) => Of(s.Low, s.High, s.Unbounded, s.Resamples);
}
