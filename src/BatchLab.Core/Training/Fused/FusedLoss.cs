using BatchLab.Data;
using BatchLab.Runtime;
using static TorchSharp.torch;

namespace BatchLab.Training.Fused;

/// <summary>
/// Per-member loss sums: never reduced across members, so one member's NaN stays its own and the
/// sum over members that is back-propagated gives each member its own gradient.
/// </summary>
internal static class FusedLoss
{
    /// <summary>Σ of each member's per-sample losses as [K], from outputs [K, N, out] and targets [K, N(, 1)].</summary>
    public static Tensor Sum(TaskKind task, Tensor output, Tensor targets)
    {
        var (members, samples) = (output.shape[0], output.shape[1]);
        return task switch
        {
            TaskKind.Classification => nn.functional.cross_entropy(
                output.reshape(members * samples, -1), targets.reshape(members * samples), reduction: nn.Reduction.None)
                .view(members, samples).sum(dim: 1),
            TaskKind.Regression => nn.functional.mse_loss(output, targets.view(output.shape), reduction: nn.Reduction.None)
                .sum([1, 2]).Mul_(0.5),
            _ => throw new ArgumentOutOfRangeException(nameof(task)),
        };
    }
}
