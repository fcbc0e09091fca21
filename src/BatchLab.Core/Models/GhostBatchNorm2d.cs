using static TorchSharp.torch;

namespace BatchLab.Models;

/// <summary>Ghost batch norm over channels of images: input [N, C, H, W], as after a convolution.</summary>
public sealed class GhostBatchNorm2d(long channels, double eps = 1e-5, double momentum = 0.1, Device? device = null)
    : GhostBatchNorm(channels, eps, momentum, device, nameof(GhostBatchNorm2d))
{
    protected override void ValidateInputDimensions(Tensor input)
    {
        if (input.dim() != 4)
        {
            throw new ArgumentException($"{nameof(GhostBatchNorm2d)} expects [N, C, H, W] input, got {input.dim()} dimensions");
        }
    }
}
