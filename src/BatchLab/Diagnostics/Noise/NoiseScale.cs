using BatchLab.Diagnostics.Gradients;
using static TorchSharp.torch;

namespace BatchLab.Diagnostics.Noise;

/// <summary>
/// Measures the gradient noise scale at fixed weights: draws mini-batch gradients at several batch
/// sizes (without replacement from the population), averages their squared norms over the draws
/// (the averaging plays the role of the training-time moving average: the ratio is taken of means,
/// never a mean of ratios), and applies the two-batch estimators to every pair of sizes.
/// </summary>
public static class NoiseScale
{
    public static NoiseScaleMeasurement Measure(MeanGradient gradients, SamplePopulation population, NoiseScaleOptions options, Action<string>? progress = null)
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

        var norms = sizes.Select((b, s) => Norms(b, [.. Enumerable.Range(0, options.Draws).Select(d => squared[d, s])])).ToList();
        var pairs = new List<PairEstimate>();
        for (var i = 0; i < sizes.Length; i++)
        {
            for (var j = i + 1; j < sizes.Length; j++)
            {
                pairs.Add(Pair(squared, i, j, sizes, population.Size, options));
            }
        }

        return new NoiseScaleMeasurement(population.Size, norms, pairs);
    }

    static BatchSquaredNorms Norms(long batch, double[] draws)
    {
        var mean = draws.Average();
        var variance = draws.Sum(x => (x - mean) * (x - mean)) / (draws.Length - 1);
        return new BatchSquaredNorms(batch, mean, Math.Sqrt(variance / draws.Length), draws);
    }

    static PairEstimate Pair(double[,] squared, int i, int j, long[] sizes, long population, NoiseScaleOptions options)
    {
        NoiseScaleEstimate Estimate(IReadOnlyList<int> draws) => NoiseScaleEstimate.TwoBatch(
            sizes[i], draws.Average(d => squared[d, i]), sizes[j], draws.Average(d => squared[d, j]), population);

        var point = Estimate([.. Enumerable.Range(0, options.Draws)]);
        var seed = unchecked((int)options.Seed + (31 * i) + j);
        Spread Boot(Func<NoiseScaleEstimate, double> part) => Spread.Bootstrap(options.Draws, options.Resamples, seed, d => part(Estimate(d)));
        return new PairEstimate(
            sizes[i], sizes[j], point.GradientSquaredNorm, point.TraceCovariance, point.NoiseScale,
            Boot(e => e.GradientSquaredNorm), Boot(e => e.TraceCovariance), Boot(e => e.NoiseScale));
    }
}
