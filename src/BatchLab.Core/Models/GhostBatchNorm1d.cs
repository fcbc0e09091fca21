using static TorchSharp.torch;

namespace BatchLab.Models;

/// <summary>Ghost batch norm over features: input [N, C] (or [N, C, L]), as after a linear layer.</summary>
public sealed class GhostBatchNorm1d(long features, double eps = 1e-5, double momentum = 0.1, Device? device = null)
    : GhostBatchNorm(features, eps, momentum, device, nameof(GhostBatchNorm1d))
{
    protected override void ValidateInputDimensions(Tensor input)
    {
        if (input.dim() is not (2 or 3))
        {
            throw new ArgumentException($"{nameof(GhostBatchNorm1d)} expects [N, C] or [N, C, L] input, got {input.dim()} dimensions");
        }
    }
}
