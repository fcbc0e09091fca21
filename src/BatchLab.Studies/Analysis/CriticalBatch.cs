namespace BatchLab.Studies.Analysis;

/// <summary>
/// The critical batch B_crit = E_min/S_min = B_noise of the steps fit, with a 90% interval from
/// <see cref="CriticalBatchBootstrap"/> (<see cref="Resamples"/> refits). Low and High are NaN when
/// there is no interval (<see cref="NoInterval"/> says why); High is +∞ when over 5% of the
/// refits put B_noise at the top of the search (the steps still halve with every doubling of B).
/// </summary>
public sealed record CriticalBatch(double Value, double Low, double High, int Resamples)
{
    public bool HasInterval => !double.IsNaN(Low) && !double.IsNaN(High);

    /// <summary>The point fit ended at its search bound: the steps do not determine B_noise.</summary>
    public bool AtBound { get; init; }

    /// <summary>Refits that ended at a search bound (counted as 0 or +∞ in the percentiles).</summary>
    public int BoundHits { get; init; }

    /// <summary>Why no interval is given; null when there is one.</summary>
    public string? NoInterval { get; init; }

    /// <summary>
    /// Set when the fit's log residuals exceed what the seeds' scatter explains: the curve
    /// S_min(1 + B_noise/B) misfits these steps, and the interval (seed noise and the rate choice
    /// only) is then too narrow.
    /// </summary>
    public string? Misfit { get; init; }
}

/// <summary>
/// A 90% interval for B_noise of the steps fit. Each refit redraws every grid cell's seeds, takes
/// each cell's median, re-selects per batch size the rate with the fewest updates (so the rate
/// choice is inside the interval), and refits S = S_min(1 + B_noise/B). Seeds are redrawn as
/// residuals: each cell's log-updates about their mean, scaled by √(n/(n−1)) to undo the shrinkage
/// of deviations from a mean of n, pooled over the cells (the scatter is relative, about the same
/// at every cell), and added to the cell's mean. With 2 seeds a cell's own pair would halve the
/// variance and give 3 distinct medians; the pool gives a continuous distribution with many
/// degrees of freedom. The batch sizes are the design and are kept: resampling 4–6 of them gives
/// the range of pairwise fits, not a sampling error. Cost: resamples × one fit (tens of μs).
/// </summary>
public static class CriticalBatchBootstrap
{
    /// <summary>Batch sizes that must reach the target for an interval: two parameters fitted to fewer leave almost no residual freedom.</summary>
    public const int MinBatches = 4;

    /// <summary>Seeds reaching the target at each batch size's cells: one seed shows no scatter to resample.</summary>
    public const int MinSeeds = 2;

    /// <param name="cells">Every grid cell's steps to target with each seed's updates (<see cref="CellSteps.PerSeed"/>).</param>
    /// <param name="fit">The point fit to the fewest median updates per batch size.</param>
    public static CriticalBatch Estimate(IReadOnlyList<CellSteps> cells, ScalingFit fit, int resamples = 200, int seed = 0)
    {
        var batches = cells.Where(c => double.IsFinite(c.Steps) && c.PerSeed.Count > 0)
            .GroupBy(c => c.Batch).OrderBy(g => g.Key)
            .Select(g => g.Select(c => c.PerSeed.Select(s => Math.Log(s.Steps)).ToArray()).ToArray()).ToArray();
        var keys = cells.Where(c => double.IsFinite(c.Steps) && c.PerSeed.Count > 0).Select(c => (double)c.Batch).Distinct().Order().ToArray();
        var point = new CriticalBatch(fit.NoiseScale, double.NaN, double.NaN, 0) { AtBound = fit.AtBound };
        var seeds = batches.Length == 0 ? 0 : batches.Min(b => b.Max(c => c.Length));
        if (batches.Length < MinBatches || seeds < MinSeeds)
        {
            return point with
            {
                NoInterval = $"no interval: it needs at least {MinBatches} batch sizes reaching the target with at least {MinSeeds} seeds each "
                    + $"(here {batches.Length} batch size{(batches.Length == 1 ? "" : "s")}, {(seeds == 1 ? "one seed" : $"{seeds} seeds")} at the sparsest); "
                    + "with fewer, a two-parameter fit leaves no freedom to estimate the scatter, and a bootstrap over them is the range of a few fits, not a 90% interval",
            };
        }

        var pool = Residuals(batches);
        var random = new Random(seed);
        var values = new List<double>(resamples);
        var points = new (double Batch, double Steps)[batches.Length];
        var hits = 0;
        for (var r = 0; r < resamples; r++)
        {
            for (var b = 0; b < batches.Length; b++)
            {
                var fewest = double.PositiveInfinity;
                foreach (var cell in batches[b])
                {
                    var center = cell.Average();
                    var drawn = new double[cell.Length];
                    for (var i = 0; i < drawn.Length; i++)
                    {
                        drawn[i] = center + pool[random.Next(pool.Length)];
                    }

                    fewest = Math.Min(fewest, Math.Exp(Stats.Median(drawn)));
                }

                points[b] = (keys[b], fewest);
            }

            if (ScalingFit.Fit(points) is not { } refit)
            {
                continue;
            }

            // A refit at a bound says "no smaller" or "no larger" than the search: 0 or +∞, kept in the percentiles.
            var top = refit.AtBound && refit.NoiseScale > Math.Sqrt(keys[0] * keys[^1]);
            hits += refit.AtBound ? 1 : 0;
            values.Add(refit.AtBound ? (top ? double.PositiveInfinity : 0) : refit.NoiseScale);
        }

        values.Sort();
        return point with
        {
            Low = Quantile(values, 0.05),
            High = Quantile(values, 0.95),
            Resamples = values.Count,
            BoundHits = hits,
            Misfit = Misfit(fit, pool, batches),
        };
    }

    /// <summary>Each cell's log-updates about its mean, scaled by √(n/(n−1)); cells with one seed give none.</summary>
    static double[] Residuals(double[][][] batches)
    {
        var pool = new List<double>();
        foreach (var cell in batches.SelectMany(b => b).Where(c => c.Length > 1))
        {
            var (mean, scale) = (cell.Average(), Math.Sqrt(cell.Length / (cell.Length - 1.0)));
            pool.AddRange(cell.Select(v => (v - mean) * scale));
        }

        return [.. pool];
    }

    /// <summary>
    /// The fit's rms log residual against what seed scatter alone gives a median of n seeds
    /// (σ/√n, n the seeds per batch size) with two parameters fitted; a ratio above 3 (an F-ratio
    /// of 9, beyond chance for any design allowed here) is a misfit.
    /// </summary>
    static string? Misfit(ScalingFit fit, double[] pool, double[][][] batches)
    {
        var sigma = Math.Sqrt(pool.Sum(v => v * v) / Math.Max(1, pool.Length - 1));
        var seeds = batches.Average(b => b.Max(c => c.Length));
        var expected = sigma / Math.Sqrt(seeds) * Math.Sqrt((batches.Length - 2.0) / batches.Length);
        return fit.RmsLogResidual > 3 * expected
            ? $"the fit's rms log residual {fit.RmsLogResidual:G3} is over 3× what the seeds' scatter explains ({expected:G3}): S = S_min(1 + B_noise/B) does not describe these steps well, and the interval, which counts seed noise and the rate choice only, is too narrow"
            : null;
    }

    /// <summary>Linear-interpolated quantile of sorted values that may hold 0 and +∞ (bound hits); NaN when empty.</summary>
    static double Quantile(List<double> sorted, double q)
    {
        if (sorted.Count == 0)
        {
            return double.NaN;
        }

        var position = q * (sorted.Count - 1);
        var (low, high) = ((int)Math.Floor(position), (int)Math.Ceiling(position));
        if (double.IsPositiveInfinity(sorted[high]))
        {
            return position > low || double.IsPositiveInfinity(sorted[low]) ? double.PositiveInfinity : sorted[low];
        }

        return sorted[low] + ((position - low) * (sorted[high] - sorted[low]));
    }
}
