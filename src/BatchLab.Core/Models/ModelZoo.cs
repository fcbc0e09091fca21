using BatchLab.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace BatchLab.Models;

/// <summary>Builds TorchSharp modules from spec strings (grammar in <see cref="ModelCatalog"/>).</summary>
public static class ModelZoo
{
    /// <summary>
    /// Builds the model on the CPU, initialised by TorchSharp's default layer initialisation (the
    /// same as PyTorch's) from torch's global random generator: call <c>torch.manual_seed(seed)</c>
    /// first to fix the initial weights. The weights are always drawn in float32 and then converted
    /// to <paramref name="dtype"/>, so one seed gives the same starting point in float32 and float64.
    /// Move it to another device afterwards with <c>model.to(device)</c>.
    /// </summary>
    /// <exception cref="BatchLabException">The spec is unknown or malformed, or the model cannot take this input.</exception>
    public static nn.Module<Tensor, Tensor> Create(string spec, ModelInput input, ScalarType dtype = ScalarType.Float32)
    {
        if (dtype is not (ScalarType.Float32 or ScalarType.Float64 or ScalarType.Float16 or ScalarType.BFloat16))
        {
            throw new ArgumentException($"models need a floating-point dtype, got {dtype}", nameof(dtype));
        }

        ModelTraits.EnsureFits(spec, input, dtype);
        var model = Build(spec, input, device: null);
        return dtype == ScalarType.Float32 ? model : model.to(dtype);
    }

    /// <summary>Builds the model for a data set's sample shape and number of outputs (see the other overload).</summary>
    public static nn.Module<Tensor, Tensor> Create(string spec, Dataset data, ScalarType dtype = ScalarType.Float32) =>
        Create(spec, new ModelInput(data.SampleShape, data.Outputs), dtype);

    /// <summary>
    /// Parameter count of the model a spec builds for <paramref name="input"/>. The model is built
    /// on torch's "meta" device, which has shapes but no storage, so even vgg16 costs no memory and
    /// a few milliseconds; the random generator is not touched.
    /// </summary>
    public static long CountParameters(string spec, ModelInput input)
    {
        using var model = BuildWithoutWeights(spec, input);
        return model.CountParameters();
    }

    /// <summary>The model on the "meta" device: real shapes and structure, no storage, no init.</summary>
    public static nn.Module<Tensor, Tensor> BuildWithoutWeights(string spec, ModelInput input) =>
        Build(spec, input, new Device(DeviceType.META));

    /// <summary>The catalog entry a spec names, and what follows its colon.</summary>
    public static (ModelEntry Entry, string Arguments) Resolve(string spec)
    {
        var text = spec.Trim();
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        var name = (colon < 0 ? text : text[..colon]).ToLowerInvariant();
        var entry = ModelCatalog.Entries.FirstOrDefault(e => e.Name == name)
            ?? throw Invalid(spec, $"unknown model '{name}'");

        // File paths keep their case; every other spec is case-insensitive.
        var arguments = colon < 0 ? "" : entry.PathArgument ? text[(colon + 1)..] : text[(colon + 1)..].ToLowerInvariant();
        if (entry.TakesArguments && colon < 0)
        {
            throw Invalid(spec, $"{name} needs its hidden widths after a colon, e.g. {entry.Example}");
        }

        if (!entry.TakesArguments && colon >= 0)
        {
            throw Invalid(spec, $"{name} takes no arguments");
        }

        return (entry, arguments);
    }

    static nn.Module<Tensor, Tensor> Build(string spec, ModelInput input, Device? device)
    {
        var (entry, arguments) = Resolve(spec);
        try
        {
            return entry.Build(arguments, input, device);
        }
        catch (FormatException e)
        {
            throw Invalid(spec, e.Message);
        }
    }

    static BatchLabException Invalid(string spec, string problem) =>
        new($"model spec '{spec}': {problem}; {ModelCatalog.ValidForms}");
}
