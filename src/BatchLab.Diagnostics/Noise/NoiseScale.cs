using BatchLab.Diagnostics.Gradients;
using static TorchSharp.torch;

namespace BatchLab.Diagnostics.Noise;

/// <summary>
/// Measures the gradient noise scale at fixed weights: draws mini-batch gradients at several batch
/// sizes (without replacement from the population) and averages their squared norms over the draws
/// (the averaging plays the role of the training-time moving average: the ratio is taken of means,
/// never a mean of ratios). Every pair of sizes gives McCandlish's two-batch estimate; the headline
/// fits E|g_B|² = |G|² + tr Σ·w(B) to all sizes at once by least squares weighted with the inverse
/// squared standard error of each mean — with two sizes the line passes through both points and the
/// fit is exactly the two-batch estimate. Spreads come from resampling the draws.
/// <para>When the exact |G|² over the population is known (one full gradient: about one epoch of
/// forward/backward), the headline uses it: |G|² is then no estimate at all, and tr Σ is the
/// weighted least-squares slope of mean |g_B|² − |G|² against w(B) through the origin. This matters
/// most where it is hardest: when every size sampled is below B_simple, the draws barely resolve
/// |G|² and their ratio scatters over orders of magnitude, while tr Σ is still measured well.
/// The draws-only estimate is kept beside it (<see cref="NoiseScaleMeasurement.FromDraws"/>).</para>
/// </summary>
public static class NoiseScale
{
    /// <param name="exactSquaredNorm">|G|² over the whole population when already computed; null = compute it when <see cref="NoiseScaleOptions.Exact"/>.</param>
    public static NoiseScaleMeasurement Measure(MeanGradient gradients, SamplePopulation population, NoiseScaleOptions options, Action<string>? progress = null, double? exactSquaredNorm = null)
    {
        options.Validate(population.Size);
        var sizes = options.Batches.Order().ToArray();
        var squared = new double[options.Draws, sizes.Length];
        for (var draw = 0; draw < options.Draws; draw++)
        {
            for (var s = 0; s < sizes.Length; s++)
            {
                using var scope = NewDisposeScope();
                var g = gradients.Of(population.Draw(sizes[s]));
                squared[draw, s] = g.dot(g).item<double>();
            }

            if ((draw + 1) % Math.Max(1, options.Draws / 5) == 0)
            {
                progress?.Invoke($"noise: {draw + 1}/{options.Draws} draws at B = {string.Join(", ", sizes)}");
            }
        }

        var norms = sizes.Select((b, s) => new BatchSquaredNorms(b, Mean(squared, s, AllDraws(options)), StandardError(squared, s, AllDraws(options)),
            [.. AllDraws(options).Select(d => squared[d, s])])).ToList();
        var pairs = new List<SizesEstimate>();
        for (var i = 0; i < sizes.Length; i++)
        {
            for (var j = i + 1; j < sizes.Length; j++)
            {
                pairs.Add(Estimate(squared, [i, j], sizes, population.Size, options));
            }
        }

        var all = Estimate(squared, [.. Enumerable.Range(0, sizes.Length)], sizes, population.Size, options);
        if (exactSquaredNorm is null && options.Exact)
        {
            using var scope = NewDisposeScope();
            var full = gradients.Of(population.All());
            exactSquaredNorm = full.dot(full).item<double>();
            progress?.Invoke($"noise: exact |G|² over the N = {population.Size} samples: {exactSquaredNorm:G4}");
        }

        if (exactSquaredNorm is not double exactNorm)
        {
            return new NoiseScaleMeasurement(population.Size, norms, pairs, all);
        }

        var exact = WithExact(squared, sizes, population.Size, options, exactNorm);
        return new NoiseScaleMeasurement(population.Size, norms, pairs, exact) { FromDraws = all, ExactSquaredNorm = exactNorm };
    }

    /// <summary>B_simple from the exact |G|² and tr Σ fitted through the origin; bootstrap over the draws for tr Σ (and so B_simple).</summary>
    static SizesEstimate WithExact(double[,] squared, long[] sizes, long population, NoiseScaleOptions options, double g)
    {
        var columns = Enumerable.Range(0, sizes.Length).ToArray();
        double Trace(IReadOnlyList<int> draws)
        {
            var x = columns.Select(c => Gradients.SamplingNoise.Weight(sizes[c], population)).ToArray();
            var y = columns.Select(c => Mean(squared, c, draws) - g).ToArray();
            var u = columns.Select(c => 1 / Math.Max(Math.Pow(StandardError(squared, c, draws), 2), 1e-300)).ToArray();
            return Enumerable.Range(0, x.Length).Sum(k => u[k] * x[k] * y[k]) / Enumerable.Range(0, x.Length).Sum(k => u[k] * x[k] * x[k]);
        }

        var trace = Trace(AllDraws(options));
        var seed = unchecked((int)options.Seed + 7919);
        var traceSpread = Spread.Bootstrap(options.Draws, options.Resamples, seed, Trace);
        var scaleSpread = Spread.Bootstrap(options.Draws, options.Resamples, seed, d => Trace(d) / g);
        return new SizesEstimate([.. sizes], g, trace, g > 0 ? trace / g : double.NaN, new Spread(0, g, g), traceSpread, scaleSpread) { ExactGradient = true };
    }

    static int[] AllDraws(NoiseScaleOptions options) => [.. Enumerable.Range(0, options.Draws)];

    static SizesEstimate Estimate(double[,] squared, int[] columns, long[] sizes, long population, NoiseScaleOptions options)
    {
        var point = Fit(squared, columns, sizes, population, AllDraws(options));
        var seed = unchecked((int)options.Seed + columns.Aggregate(17, (h, c) => (31 * h) + c));
        Spread Boot(Func<NoiseScaleEstimate, double> part) =>
            Spread.Bootstrap(options.Draws, options.Resamples, seed, draws => part(Fit(squared, columns, sizes, population, draws)));
        return new SizesEstimate([.. columns.Select(c => sizes[c])], point.GradientSquaredNorm, point.TraceCovariance, point.NoiseScale,
            Boot(e => e.GradientSquaredNorm), Boot(e => e.TraceCovariance), Boot(Unbounded));
    }

    /// <summary>B_simple of a resample, +∞ when its |G|² ≤ 0 (no signal resolved: counted as the largest noise scale, never dropped).</summary>
    static double Unbounded(NoiseScaleEstimate e) => e.GradientSquaredNorm > 0 ? e.NoiseScale : double.PositiveInfinity;

    /// <summary>The two-batch estimate for two sizes; for more, the weighted least-squares line through (w(B), mean |g_B|²).</summary>
    static NoiseScaleEstimate Fit(double[,] squared, int[] columns, long[] sizes, long population, IReadOnlyList<int> draws)
    {
        if (columns.Length == 2)
        {
            var (i, j) = (columns[0], columns[1]);
            return NoiseScaleEstimate.TwoBatch(sizes[i], Mean(squared, i, draws), sizes[j], Mean(squared, j, draws), population);
        }

        var x = columns.Select(c => Gradients.SamplingNoise.Weight(sizes[c], population)).ToArray();
        var y = columns.Select(c => Mean(squared, c, draws)).ToArray();
        var u = columns.Select(c => 1 / Math.Max(Math.Pow(StandardError(squared, c, draws), 2), 1e-300)).ToArray();
        var (sx, sy, su) = (u.Zip(x, (a, b) => a * b).Sum(), u.Zip(y, (a, b) => a * b).Sum(), u.Sum());
        var (mx, my) = (sx / su, sy / su);
        var slope = Enumerable.Range(0, x.Length).Sum(k => u[k] * (x[k] - mx) * (y[k] - my)) / Enumerable.Range(0, x.Length).Sum(k => u[k] * (x[k] - mx) * (x[k] - mx));
        return new NoiseScaleEstimate(my - (slope * mx), slope);
    }

    static double Mean(double[,] squared, int column, IReadOnlyList<int> draws) => draws.Average(d => squared[d, column]);

    static double StandardError(double[,] squared, int column, IReadOnlyList<int> draws)
    {
        var mean = Mean(squared, column, draws);
        return Math.Sqrt(draws.Sum(d => Math.Pow(squared[d, column] - mean, 2)) / (draws.Count - 1) / draws.Count);
    }
}
