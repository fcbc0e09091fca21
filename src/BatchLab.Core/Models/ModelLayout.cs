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
        var outputs = model is TorchScriptModel script ? ScriptOutputs(script, spec, input.SampleShape) : input.Outputs;
        return new ModelLayout(spec, input.SampleShape, outputs, model.CountParameters(), [.. Leaves(model, "")]);
    }

    /// <summary>
    /// A TorchScript module's output count, read from one forward pass of two zero samples (it fixes
    /// its own shapes, so the native 1×28×28 and 10 outputs were reported for a model with 7 outputs
    /// or one that takes 3 channels; issue 23). A model that refuses the shape is one line naming it.
    /// </summary>
    static int ScriptOutputs(TorchScriptModel script, string spec, long[] shape)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        script.eval();
        Tensor output;
        try
        {
            output = script.forward(zeros([2, .. shape]));
        }
        catch (BatchLabException e)
        {
            // The module's forward already names the file and torch's last line.
            var reason = e.Message;
            throw new BatchLabException($"{spec}: the model does not accept samples of shape {string.Join('x', shape)} ({reason}); give the shape it takes with --input, e.g. 3x32x32", BatchLabException.BadInput);
        }

        return output.ndim == 2
            ? (int)output.shape[1]
            : throw new BatchLabException($"{spec}: the model returns shape [{string.Join(", ", output.shape)}] for 2 samples, not [2, outputs]", BatchLabException.BadInput);
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
