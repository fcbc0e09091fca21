using TorchSharp.Modules;
using static TorchSharp.torch;

namespace BatchLab.Diagnostics.Throughput;

/// <summary>
/// Arithmetic of one training sample. Counting rule: only the multiply-adds of linear and
/// convolution layers count (each output element costs in_features, or C_in/groups × kernel area,
/// multiply-adds; biases, activations, normalization and pooling are left out as memory-bound and
/// small), at 2 FLOPs each. A training sample costs the forward pass (F = all layers' multiply-adds),
/// the weight gradients (F again) and the input gradients of every layer but the first, whose input
/// is the data and needs none (F − first layer's): 2·(3F − first) FLOPs, which is the usual
/// "3 × forward" less the input gradient autograd never computes.
/// </summary>
public sealed record ModelFlops(long ForwardMultiplyAdds, long FirstLayerMultiplyAdds)
{
    public double TrainingFlopsPerSample => 2.0 * ((3.0 * ForwardMultiplyAdds) - FirstLayerMultiplyAdds);

    /// <summary>
    /// Counts with forward hooks (which see each layer's real output shape) during one no-grad,
    /// eval-mode pass over <paramref name="inputs"/>; the first layer is the first one to fire.
    /// </summary>
    public static ModelFlops Count(nn.Module<Tensor, Tensor> model, Tensor inputs)
    {
        var batch = inputs.shape[0];
        var layers = new List<long>();
        var removals = new List<Action>();
        foreach (var (_, module) in model.named_modules())
        {
            if (module is Linear or Convolution && module is nn.Module<Tensor, Tensor> layer)
            {
                var weight = layer.get_parameter("weight")!;
                var perOutput = weight.numel() / weight.shape[0];
                var hook = layer.register_forward_hook((_, _, output) =>
                {
                    layers.Add(output.numel() / batch * perOutput);
                    return output;
                });
                removals.Add(hook.remove);
            }
        }

        var wasTraining = model.training;
        model.eval();
        try
        {
            using var _ = no_grad();
            using var scope = NewDisposeScope();
            model.call(inputs);
        }
        finally
        {
            model.train(wasTraining);
            removals.ForEach(remove => remove());
        }

        return new ModelFlops(layers.Sum(), layers.Count > 0 ? layers[0] : 0);
    }
}
