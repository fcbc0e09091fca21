using BatchLab.Data;
using BatchLab.Models;
using static TorchSharp.torch;

namespace BatchLab.Diagnostics.Memory;

/// <summary>
/// Per-sample activation figures of a model, from one forward pass of a single random sample in
/// eval mode with a forward hook on every leaf layer (hooks fire for layers run through .call(),
/// and Sequential disposes intermediate outputs, so sizes are read inside the hook).
/// Tensors are followed by object identity from the layer that produced them to the layers that
/// consume them, so a tensor kept by two layers (a residual block's input) is counted once, and a
/// view (flatten) is the tensor it views.
/// </summary>
/// <param name="InputFloats">Floats of one input sample.</param>
/// <param name="FeatureMapFloats">Input plus every layer output that is a feature map (<see cref="SavedTensorRule.FeatureMap"/>).</param>
/// <param name="SavedBytes">Bytes per sample autograd keeps for the backward pass, the loss's saved softmax included.</param>
/// <param name="PeakBytes">
/// Most activation bytes per sample alive at once in a training step, from a walk through the
/// backward pass in reverse layer order: at layer i, the saved tensors some layer at or before i
/// still needs (a saved tensor is freed once the earliest layer keeping it has run backward), the
/// indices and masks of layers at or before i, and the gradients of layer i's output and input
/// (no input gradient for the data). At the start of backward it is every saved tensor plus the
/// gradient of the outputs.
/// </param>
public sealed record ActivationProfile(
    long InputFloats,
    long FeatureMapFloats,
    long SavedBytes,
    long PeakBytes,
    long LargestParameterTensor,
    IReadOnlyList<LayerActivation> Layers)
{
    public static ActivationProfile Measure(nn.Module<Tensor, Tensor> model, ModelInput input, TaskKind task)
    {
        var calls = new List<Call>();
        var leaves = model.named_modules().Where(m => !m.module.children().Any()).ToList();
        var hooks = leaves.Select(leaf => ((nn.Module<Tensor, Tensor>)leaf.module).register_forward_hook((_, x, y) =>
        {
            calls.Add(new Call(leaf.name, leaf.module, x, y, x.numel(), y.numel(), x.element_size(), y.element_size(), y.shape[1..]));
            return y;
        })).ToList();
        var wasTraining = model.training;
        model.eval();
        try
        {
            using var _ = no_grad();
            using var scope = NewDisposeScope();
            var dtype = model.parameters().FirstOrDefault()?.dtype ?? ScalarType.Float32;
            var sample = randn([1, .. input.SampleShape], dtype);
            var output = model.call(sample);
            return Build(calls, sample, output, input, task);
        }
        finally
        {
            hooks.ForEach(h => h.remove());
            model.train(wasTraining);
        }
    }

    static ActivationProfile Build(List<Call> calls, Tensor sample, Tensor output, ModelInput input, TaskKind task)
    {
        // Tensor ids: every distinct tensor, with the layer that produced it (-1 for tensors made
        // outside any leaf layer: the input, a residual sum).
        var ids = new Dictionary<Tensor, int>(ReferenceEqualityComparer.Instance);
        var sizes = new List<long>();
        var producers = new List<int>();
        int Id(Tensor t, long bytes, int producer)
        {
            if (!ids.TryGetValue(t, out var id))
            {
                (id, ids[t]) = (sizes.Count, sizes.Count);
                sizes.Add(bytes);
                producers.Add(producer);
            }

            return id;
        }

        Id(sample, sample.numel() * sample.element_size(), -1);
        // For each saved tensor, the earliest layer that keeps it: it lives until that layer's backward.
        var saved = new Dictionary<int, int>();
        void Keep(int id, int layer) => saved[id] = Math.Min(layer, saved.GetValueOrDefault(id, layer));
        var extra = new long[calls.Count];
        var inputIds = new int[calls.Count];
        for (var i = 0; i < calls.Count; i++)
        {
            var c = calls[i];
            var rule = SavedTensorRule.For(c.Layer);
            var inputId = inputIds[i] = Id(c.Input, c.InputNumel * c.InputElementSize, -1);
            var outputId = rule.View ? inputId : Id(c.Output, c.OutputNumel * c.OutputElementSize, i);
            if (rule.View)
            {
                ids[c.Output] = inputId;
            }

            if (rule.SavesInput)
            {
                Keep(inputId, i);
            }

            if (rule.SavesOutput)
            {
                Keep(outputId, i);
            }

            extra[i] = rule.ExtraBytesPerOutput * c.OutputNumel;
        }

        // Cross-entropy keeps its log-softmax, one value per output; ½‖f(x) − y‖² keeps f(x) and the target y.
        var lossBytes = input.Outputs * output.element_size();
        if (task == TaskKind.Regression && ids.TryGetValue(output, out var last))
        {
            Keep(last, calls.Count);
        }

        var savedBytes = saved.Keys.Sum(id => sizes[id]) + extra.Sum() + lossBytes;
        var peak = savedBytes + (output.numel() * output.element_size());
        for (var i = calls.Count - 1; i >= 0; i--)
        {
            var c = calls[i];
            if (SavedTensorRule.For(c.Layer).View)
            {
                continue;
            }

            var alive = saved.Where(s => s.Value <= i).Sum(s => sizes[s.Key]) + extra.Take(i + 1).Sum();
            var inputGradient = producers[inputIds[i]] >= 0 ? c.InputNumel * c.InputElementSize : 0;
            peak = Math.Max(peak, alive + (c.OutputNumel * c.OutputElementSize) + inputGradient);
        }

        var layers = calls.Select((c, i) =>
        {
            var ownSaved = saved.Keys.Where(id => producers[id] == i).Sum(id => sizes[id]) + extra[i];
            var rule = SavedTensorRule.For(c.Layer);
            return new LayerActivation(c.Name, c.Layer.GetType().Name, c.OutputShape, c.OutputNumel, rule.FeatureMap, ownSaved, c.Layer.parameters(recurse: false).Sum(p => p.numel()), rule);
        }).ToList();
        var inputFloats = sample.numel();
        return new ActivationProfile(
            inputFloats,
            inputFloats + layers.Where(l => l.FeatureMap).Sum(l => l.OutputFloats),
            savedBytes,
            peak,
            calls.SelectMany(c => c.Layer.parameters(recurse: false)).Select(p => p.numel() * p.element_size()).DefaultIfEmpty(0).Max(),
            layers);
    }

    sealed record Call(string Name, nn.Module Layer, Tensor Input, Tensor Output, long InputNumel, long OutputNumel, long InputElementSize, long OutputElementSize, long[] OutputShape);
}
