using System.Diagnostics;
using BatchLab.Data;
using BatchLab.Diagnostics.Gradients;
using BatchLab.Diagnostics.Noise;
using static TorchSharp.torch;

namespace BatchLab.Diagnostics.Agreement;

/// <summary>
/// `diagnose agreement`: does a gradient from a small part of the data point the way the full
/// gradient does? For each batch size, the cosine between mini-batch gradients (drawn without
/// replacement) and the gradient over the whole population, at each set of weights given, next to
/// the prediction from the noise scale measured at the same weights.
/// </summary>
public static class GradientAgreement
{
    /// <summary>Measures each (label, model) in turn; the models hold the weights to look at and share one spec.</summary>
    public static AgreementResult Run(
        IReadOnlyList<(nn.Module<Tensor, Tensor> Model, string Weights)> points, Dataset data, string dataName, string modelSpec,
        AgreementOptions options, Action<string>? progress = null)
    {
        var watch = Stopwatch.StartNew();
        var measured = new List<AgreementPoint>();
        long population = 0, parameters = 0;
        var whole = true;
        foreach (var (model, weights) in points)
        {
            using var gradients = new MeanGradient(model, data, options.Chunk);
            using var sample = new SamplePopulation(gradients.TrainSize, options.Population, options.Seed, gradients.Device);
            (population, parameters, whole) = (sample.Size, gradients.ParameterCount, sample.IsWholeTrainingSet);
            measured.Add(Measure(gradients, sample, weights, options, progress));
        }

        return new AgreementResult(dataName, modelSpec, data.Train.Count, population, whole, parameters, options, measured, watch.Elapsed.TotalSeconds);
    }

    public static AgreementPoint Measure(MeanGradient gradients, SamplePopulation population, string weights, AgreementOptions options, Action<string>? progress = null)
    {
        var batches = options.BatchesFor(population.Size);
        using var scope = NewDisposeScope();
        var full = gradients.Of(population.All());
        var fullNorm = full.norm().item<double>();
        progress?.Invoke($"agreement at {weights}: full gradient over N = {population.Size}, |G| = {fullNorm:G4}; measuring B_simple");
        // The full gradient is at hand: B_simple uses its exact |G|², so the prediction below does not inherit the draws' noise in |G|².
        var noise = NoiseScale.Measure(gradients, population, options.Noise with { Seed = options.Seed }, exactSquaredNorm: fullNorm * fullNorm);
        var noiseScale = noise.Estimate.NoiseScale;
        var rows = new List<AgreementRow>();
        foreach (var batch in batches)
        {
            var draws = batch == population.Size ? 1 : options.Draws;
            var cosines = new double[draws];
            var squared = new double[draws];
            for (var d = 0; d < draws; d++)
            {
                using var drawScope = NewDisposeScope();
                var g = gradients.Of(population.Draw(batch));
                var norm = g.norm().item<double>();
                cosines[d] = g.dot(full).item<double>() / (norm * fullNorm);
                squared[d] = norm * norm;
            }

            var mean = cosines.Average();
            var std = draws > 1 ? Math.Sqrt(cosines.Sum(c => (c - mean) * (c - mean)) / (draws - 1)) : 0;
            rows.Add(new AgreementRow(batch, draws, mean, std, cosines.Min(), cosines.Max(), squared.Average(),
                SamplingNoise.PredictedCosine(noiseScale, batch, population.Size), SamplingNoise.PredictedCosine(noiseScale, batch, null)));
            progress?.Invoke($"agreement at {weights}: B = {batch}: mean cosine {mean:F4} over {draws} draws (predicted {rows[^1].PredictedCosine:F4})");
        }

        return new AgreementPoint(weights, fullNorm * fullNorm, noise, rows);
    }
}
