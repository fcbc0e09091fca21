using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace BatchLab.Training.Fused;

/// <summary>
/// K 2-D convolutions as one grouped convolution (groups = K) on [N, K·C, H, W]: member k's
/// filters see only its own C input channels. Weights are stored [K, out, in, kh, kw] and viewed
/// as [K·out, in, kh, kw] for the call.
/// </summary>
internal sealed class FusedConv2d : IFusedLayer
{
    readonly FusedTensor weight;
    readonly FusedTensor? bias;
    readonly long[] stride;
    readonly long[] padding;
    readonly long[] dilation;

    public FusedConv2d(string name, IReadOnlyList<Conv2d> members)
    {
        var first = members[0];
        if (first.groups != 1 || first.padding_mode != PaddingModes.Zeros || first.padding is null)
        {
            throw new BatchLabException(
                $"cannot fuse layer '{name}': only convolutions with numeric zero padding and groups = 1 have a fused form");
        }

        stride = first.stride;
        padding = first.padding!;
        dilation = first.dilation;
        weight = FusedTensor.Stack($"{name}.weight", [.. members.Select(m => (Tensor)m.weight!)], trainable: true);
        bias = first.bias is null ? null : FusedTensor.Stack($"{name}.bias", [.. members.Select(m => (Tensor)m.bias!)], trainable: true);
        Tensors = bias is null ? [weight] : [weight, bias];
    }

    public FusedLayout Input => FusedLayout.Channels;

    public FusedLayout Output => FusedLayout.Channels;

    public IReadOnlyList<FusedTensor> Tensors { get; }

    public Tensor Forward(Tensor input)
    {
        var w = weight.Value;
        var members = w.shape[0];
        var grouped = w.view([members * w.shape[1], .. w.shape[2..]]);
        return nn.functional.conv2d(input, grouped, bias?.Value.view(-1), stride, padding, dilation, groups: members);
    }
}
