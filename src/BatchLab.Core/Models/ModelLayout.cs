using BatchLab.Models.TorchScript;
using static TorchSharp.torch;

namespace BatchLab.Models;

/// <summary>One leaf layer of a model: its registered name (e.g. stage2.block1.conv1), type and size.</summary>
public sealed record LayerInfo(string Name, string Type, long Parameters);

/// <summary>What a spec builds for an input: every leaf layer in forward order and the total size.</summary>
public sealed record ModelLayout(string Spec, long[] InputShape, int Outputs, long Parameters, IReadOnlyList<LayerInfo> Layers)
{
    /// <summary>Lays out a spec without allocating or initialising weights (built on the meta device).</summary>
    public static ModelLayout Of(string spec, ModelInput input)
    {
        using var model = ModelZoo.BuildWithoutWeights(spec, input);
        return new ModelLayout(spec, input.SampleShape, input.Outputs, model.CountParameters(), [.. Leaves(model, "")]);
    }

    // Depth first in registration order, which for the zoo's models is the order of the forward
    // pass (named_modules() lists a module's children before any grandchild).
    static IEnumerable<LayerInfo> Leaves(nn.Module module, string prefix)
    {
        if (module is TorchScriptModel script)
        {
            // The script's own layers (for reading only: they run inside the TorchScript interpreter).
            return script.Script.named_modules().Where(m => !m.module.named_children().Any())
                .Select(m => new LayerInfo(m.name, "TorchScript", m.module.parameters(recurse: false).Sum(p => p.numel())));
        }

        var children = module.named_children().ToList();
        if (children.Count == 0)
        {
            return [new LayerInfo(prefix, module.GetType().Name, module.CountParameters())];
        }

        return children.SelectMany(c => Leaves(c.module, prefix.Length == 0 ? c.name : $"{prefix}.{c.name}"));
    }
}
