using static TorchSharp.torch;

namespace BatchLab.Models;

/// <summary>
/// He et al.'s option-A shortcut for a block that halves the image and widens the channels:
/// take every second pixel and append zero channels. No parameters, which is why the CIFAR ResNets
/// of the paper have 0.27M (ResNet-20) parameters. A module, so hooks see its output.
/// </summary>
public sealed class PadShortcut : nn.Module<Tensor, Tensor>
{
    readonly long extraChannels;

    public PadShortcut(long inChannels, long outChannels) : base(nameof(PadShortcut))
    {
        extraChannels = outChannels - inChannels;
    }

    public override Tensor forward(Tensor input)
    {
        using var strided = input.slice(2, 0, input.shape[2], 2).slice(3, 0, input.shape[3], 2);

        // Pad order is last dimension first: (W left, W right, H top, H bottom, C front, C back).
        var front = extraChannels / 2;
        return nn.functional.pad(strided, [0, 0, 0, 0, front, extraChannels - front]);
    }
}
