using BatchLab.Models;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace BatchLab.Benchmarks;

/// <summary>
/// What one training sample costs a sequential model: floating-point operations of the forward
/// and backward pass (2 per multiply-add; forward, weight gradient and input gradient, except the
/// first layer, whose input needs no gradient), and the activations it keeps (floats).
/// Element-wise layers, pooling and the loss are not counted: they are small next to the products.
/// </summary>
public sealed record ModelCost(double FlopsPerSample, long ActivationFloatsPerSample)
{
    public static ModelCost Of(string spec, ModelInput input)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        manual_seed(0);
        using var model = ModelZoo.Create(spec, input);
        var x = zeros([1, .. input.SampleShape]);
        double flops = 0;
        long activations = 0;
        var first = true;
        foreach (var (_, layer) in model.named_children())
        {
            var output = ((nn.Module<Tensor, Tensor>)layer).call(x);
            var macs = layer switch
            {
                Linear l => (double)l.in_features * l.out_features,
                Conv2d c => (double)c.weight!.numel() * output.shape[2] * output.shape[3],
                _ => 0,
            };
            if (macs > 0)
            {
                flops += 2 * macs * (first ? 2 : 3);
                first = false;
            }

            activations += output.numel();
            x = output;
        }

        return new ModelCost(flops, activations);
    }
}
