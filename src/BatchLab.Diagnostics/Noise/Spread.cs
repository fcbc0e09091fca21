namespace BatchLab.Diagnostics.Noise;

/// <summary>
/// Uncertainty of an estimate from a percentile bootstrap over draws: standard deviation and the
/// 5th–95th percentile interval of the resampled estimates. A statistic returns NaN where it is
/// undefined (left out) and +∞ where it is unbounded — B_simple = tr Σ/|G|² of a resample whose
/// |G|² ≤ 0: the draws then resolve no signal, which is the largest noise scale, not a missing one.
/// Those resamples stay in: leaving them out moves the percentiles down, and an interval could
/// then exclude its own estimate. When they reach the 95th percentile, <see cref="High"/> is +∞
/// and the interval is the one-sided lower bound <see cref="Low"/>.
/// </summary>
public sealed record Spread(double Std, double Low, double High)
{
    /// <summary>Resamples whose statistic was +∞ (counted in the percentiles).</summary>
    public int Unbounded { get; init; }

    /// <summary>Resamples with a value (finite or +∞); NaN ones are not counted.</summary>
    public int Resamples { get; init; }

    /// <summary>The interval is a one-sided lower bound: the 95th percentile is +∞.</summary>
    public bool LowerBoundOnly => double.IsPositiveInfinity(High) && double.IsFinite(Low);

    /// <summary>Resamples the <paramref name="draws"/> with replacement <paramref name="resamples"/> times and re-evaluates the statistic.</summary>
    public static Spread Bootstrap(int draws, int resamples, int seed, Func<int[], double> statistic)
    {
        var random = new Random(seed);
        var values = new List<double>(resamples);
        var pick = new int[draws];
        for (var r = 0; r < resamples; r++)
        {
            for (var i = 0; i < draws; i++)
            {
                pick[i] = random.Next(draws);
            }

            var value = statistic(pick);
            if (!double.IsNaN(value) && !double.IsNegativeInfinity(value))
            {
                values.Add(value);
            }
        }

        if (values.Count < 2)
        {
            return new Spread(double.NaN, double.NaN, double.NaN) { Resamples = values.Count };
        }

        values.Sort();
        var unbounded = values.Count(double.IsPositiveInfinity);
        var std = double.PositiveInfinity;
        if (unbounded == 0)
        {
            var mean = values.Average();
            std = Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1));
        }

        return new Spread(std, Percentile(values, 0.05), Percentile(values, 0.95)) { Unbounded = unbounded, Resamples = values.Count };
    }

    /// <summary>Linear interpolation between order statistics; +∞ as soon as an infinite neighbour has weight.</summary>
    static double Percentile(List<double> sorted, double q)
    {
        var position = q * (sorted.Count - 1);
        var (low, high) = ((int)Math.Floor(position), (int)Math.Ceiling(position));
        if (double.IsPositiveInfinity(sorted[high]))
        {
            return position == low ? sorted[low] : double.PositiveInfinity;
        }

        return sorted[low] + ((position - low) * (sorted[high] - sorted[low]));
    }
}
