using static TorchSharp.torch;

namespace BatchLab.Models;

/// <summary>
/// What a model spec implies before any weight exists, asked of the model built on torch's meta
/// device (shapes, no storage: milliseconds even for vgg16), so that options which cannot apply
/// are refused before data is loaded or a trial is queued.
/// </summary>
public static class ModelTraits
{
    /// <summary>
    /// Whether the model has BatchNorm layers (the only ones the normalization batch G acts on).
    /// The answer does not depend on the input, so the model's native input is used.
    /// </summary>
    public static bool HasBatchNorm(string spec)
    {
        using var model = ModelZoo.BuildWithoutWeights(spec, NativeInput(spec));
        return model.HasBatchNorm();
    }

    /// <summary>The input a spec was designed for: its family's, with a transformer's own context.</summary>
    public static ModelInput NativeInput(string spec) =>
        Context(spec) is int context ? Transformer.TransformerModel.Bytes(context) : ModelZoo.Resolve(spec).Entry.NativeInput;

    /// <summary>Tokens per sample the model reads (<c>transformer:...,context=T</c>); null for models of other inputs.</summary>
    public static int? Context(string spec)
    {
        var (entry, arguments) = ModelZoo.Resolve(spec);
        return entry.Name == Transformer.TransformerSpec.Kind ? ParsedTransformer(spec, arguments).Context : null;
    }

    /// <summary>
    /// Refuses a model that cannot read <paramref name="data"/>: token ids (text) need a model that
    /// reads tokens, and such a model needs text. TorchScript modules are trusted to know their input.
    /// </summary>
    public static void EnsureReads(string spec, Data.Dataset data)
    {
        var (entry, _) = ModelZoo.Resolve(spec);
        if (entry.PathArgument)
        {
            return;
        }

        var text = data.Task == Data.TaskKind.NextToken;
        if (text && !entry.ReadsTokens)
        {
            throw new BatchLabException($"{data.Name} is text (token ids): '{spec}' reads numbers, not tokens; use a model that reads tokens, e.g. {Transformer.TransformerSpec.Example}");
        }

        if (!text && entry.ReadsTokens)
        {
            throw new BatchLabException($"'{spec}' reads text (token ids) and {data.Name} is not text; give it brown or text:FILE");
        }
    }

    static Transformer.TransformerSpec ParsedTransformer(string spec, string arguments)
    {
        try
        {
            return Transformer.TransformerSpec.Parse(arguments);
        }
        catch (FormatException e)
        {
            throw new BatchLabException($"model spec '{spec}': {e.Message}");
        }
    }

    /// <summary>
    /// Refuses a model whose weights and their gradients alone (2 × parameters × bytes per value)
    /// exceed the memory this process may use: allocating it would fail part way, with libtorch's
    /// message, or page the machine to a halt.
    /// </summary>
    public static void EnsureFits(string spec, ModelInput input, ScalarType dtype)
    {
        var parameters = ModelZoo.CountParameters(spec, input);
        var bytes = 2.0 * parameters * dtype.ElementSize();
        var available = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
        if (bytes > available)
        {
            throw new BatchLabException(
                $"model '{spec}' has {parameters:N0} parameters: its weights and gradients alone need {Gib(bytes)} in {dtype.ToString().ToLowerInvariant()}, more than the {Gib(available)} of memory here; choose smaller widths or fewer layers");
        }
    }

    static string Gib(double bytes) => bytes >= 1L << 40 ? $"{bytes / (1L << 40):N1} TiB" : $"{bytes / (1L << 30):N1} GiB";

    static int ElementSize(this ScalarType dtype) => dtype switch
    {
        ScalarType.Float64 => 8,
        ScalarType.Float16 or ScalarType.BFloat16 => 2,
        _ => 4,
    };
}
