using System.Diagnostics;
using BatchLab.Data;
using BatchLab.Diagnostics.Gradients;
using static TorchSharp.torch;

namespace BatchLab.Diagnostics.Noise;

/// <summary>`diagnose noise`: B_simple of a model at given weights, sampled over the whole training set.</summary>
public static class NoiseScaleDiagnostic
{
    /// <summary>Measures at the weights <paramref name="model"/> holds, on the device they live on.</summary>
    public static NoiseScaleResult Run(nn.Module<Tensor, Tensor> model, Dataset data, DiagnosedModel subject, NoiseScaleOptions options, Action<string>? progress = null)
    {
        options.Validate(data.Train.Count);
        var watch = Stopwatch.StartNew();
        using var gradients = new MeanGradient(model, data, options.Chunk);
        using var population = new SamplePopulation(gradients.TrainSize, null, options.Seed, gradients.Device);
        var measurement = NoiseScale.Measure(gradients, population, options, progress);
        return new NoiseScaleResult(subject, gradients.TrainSize, gradients.ParameterCount, options, measurement, watch.Elapsed.TotalSeconds);
    }
}
