namespace BatchLab.Diagnostics.Noise;

/// <summary>
/// Uncertainty of an estimate from a percentile bootstrap over draws: standard deviation and the
/// 5th–95th percentile interval of the resampled estimates (non-finite resamples left out).
/// </summary>
public sealed record Spread(double Std, double Low, double High)
{
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
            if (double.IsFinite(value))
            {
                values.Add(value);
            }
        }

        if (values.Count < 2)
        {
            return new Spread(double.NaN, double.NaN, double.NaN);
        }

        values.Sort();
        var mean = values.Average();
        var std = Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1));
        return new Spread(std, Percentile(values, 0.05), Percentile(values, 0.95));
    }

    static double Percentile(List<double> sorted, double q)
    {
        var position = q * (sorted.Count - 1);
        var (low, high) = ((int)Math.Floor(position), (int)Math.Ceiling(position));
        return sorted[low] + ((position - low) * (sorted[high] - sorted[low]));
    }
}
