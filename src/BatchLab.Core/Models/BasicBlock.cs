using BatchLab.Runtime;
using static TorchSharp.torch;

namespace BatchLab.Models;

/// <summary>
/// ResNet basic block: conv1 3×3 (stride 1 or 2) → bn1 → relu1 → conv2 3×3 → bn2, plus the
/// shortcut (identity, or <see cref="PadShortcut"/> when the block downsamples), then relu2.
/// Convolutions have no bias: the BN after each makes one redundant.
/// </summary>
public sealed class BasicBlock : nn.Module<Tensor, Tensor>
{
    readonly nn.Module<Tensor, Tensor> conv1;
    readonly GhostBatchNorm2d bn1;
    readonly nn.Module<Tensor, Tensor> relu1;
    readonly nn.Module<Tensor, Tensor> conv2;
    readonly GhostBatchNorm2d bn2;
    readonly PadShortcut? shortcut;
    readonly nn.Module<Tensor, Tensor> relu2;

    public BasicBlock(long inChannels, long outChannels, Device? device) : base(nameof(BasicBlock))
    {
        var stride = outChannels == inChannels ? 1 : 2;
        conv1 = nn.Conv2d(inChannels, outChannels, 3, stride: stride, padding: 1, bias: false, device: device);
        bn1 = new GhostBatchNorm2d(outChannels, device: device);
        relu1 = nn.ReLU();
        conv2 = nn.Conv2d(outChannels, outChannels, 3, padding: 1, bias: false, device: device);
        bn2 = new GhostBatchNorm2d(outChannels, device: device);
        shortcut = stride == 1 ? null : new PadShortcut(inChannels, outChannels);
        relu2 = nn.ReLU();
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        using var c1 = conv1.call(input);
        using var b1 = bn1.call(c1);
        using var r1 = relu1.call(b1);
        using var c2 = conv2.call(r1);
        using var b2 = bn2.call(c2);
        using var skip = shortcut?.call(input);
        using var sum = b2.Add(skip ?? input);
        return relu2.call(sum);
    }
}
