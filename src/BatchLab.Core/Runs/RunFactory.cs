using BatchLab.Data;
using BatchLab.Models;
using BatchLab.Training;
using static TorchSharp.torch;

namespace BatchLab.Runs;

/// <summary>Turns a <see cref="RunSpec"/> into its data set and a freshly initialised model.</summary>
public static class RunFactory
{
    /// <summary>Loads the spec's data set (fetching it into the cache on first use).</summary>
    public static Dataset LoadData(RunSpec spec, DataContext? context = null) =>
        DataCatalog.Load(spec.Data, DataOptionsOf(spec), context);

    /// <summary>
    /// The split options the spec's data is loaded with: its own, and for a model with a context
    /// (a transformer) that many tokens per sample, so that B and M count sequences of the model's
    /// context. Data caches key on this, not on the spec's options alone.
    /// </summary>
    public static DataOptions DataOptionsOf(RunSpec spec) =>
        ModelTraits.Context(spec.Model) is int context ? spec.DataOptions with { Context = context } : spec.DataOptions;

    /// <summary>
    /// The spec's model for <paramref name="data"/>, initialised from a stream derived from the
    /// run seed alone: the same seed gives the same initial weights whatever ran before.
    /// </summary>
    public static nn.Module<Tensor, Tensor> CreateModel(RunSpec spec, Dataset data)
    {
        ModelTraits.EnsureReads(spec.Model, data);
        manual_seed((long)(SeedMix.Of(spec.Train.Seed, 0x494E4954, 0) >> 1));
        return ModelZoo.Create(spec.Model, new ModelInput(data.SampleShape, data.Outputs), spec.Train.Precision.ToScalarType());
    }
}
