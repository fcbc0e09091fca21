using TorchSharp.Modules;
using static TorchSharp.torch;

namespace BatchLab.Diagnostics.Throughput;

/// <summary>
/// Arithmetic of one training sample. Counting rule: only the multiply-adds of linear and
/// convolution layers count (each output element of a layer costs in_features, or
/// C_in/groups × kernel area, multiply-adds); biases, activations, normalization and pooling are
/// left out (they are memory-bound, under 1% of the multiply-adds of the zoo's models).
/// FLOPs per training sample = 3 × 2 × multiply-adds: 2 FLOPs per multiply-add, and the backward
/// pass costs twice the forward (gradients with respect to inputs and to weights).
/// </summary>
public static class ModelFlops
{
    /// <summary>FLOPs of one sample's forward and backward pass under the counting rule.</summary>
    public static double TrainingFlopsPerSample(long forwardMultiplyAdds) => 3.0 * 2.0 * forwardMultiplyAdds;

    /// <summary>
    /// Forward multiply-adds per sample, counted by forward hooks (which see each layer's real
    /// output shape) during one no-grad, eval-mode pass over <paramref name="inputs"/>.
    /// </summary>
    public static long ForwardMultiplyAdds(nn.Module<Tensor, Tensor> model, Tensor inputs)
    {
        var batch = inputs.shape[0];
        long total = 0;
        var removals = new List<Action>();
        foreach (var (_, module) in model.named_modules())
        {
            if (module is Linear or Convolution && module is nn.Module<Tensor, Tensor> layer)
            {
                var weight = layer.get_parameter("weight")!;
                var perOutput = weight.numel() / weight.shape[0];
                var hook = layer.register_forward_hook((_, _, output) =>
                {
                    total += output.numel() / batch * perOutput;
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

        return total;
    }
}
