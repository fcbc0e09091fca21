using BatchLab.Runtime;
using static TorchSharp.torch;

namespace BatchLab.Data;

/// <summary>
/// The loss each task trains with: mean over the samples of a batch. For text a sample is a
/// sequence, whose loss is the mean cross-entropy over its tokens (in nats; ÷ ln 2 gives bits per
/// token, which for byte tokens are bits per byte); all sequences have the same length, so the mean
/// over a batch's sequences is the mean over its tokens.
/// </summary>
public static class Losses
{
    /// <summary>
    /// Mean loss of <paramref name="output"/> against <paramref name="targets"/>.
    /// Regression uses ½(f(x) − y)² so that the per-sample gradient of a linear model is
    /// (w·x − y)·x, the convention under which the noise-scale formulas in DESIGN.md hold.
    /// </summary>
    public static Tensor Mean(TaskKind task, Tensor output, Tensor targets) => task switch
    {
        TaskKind.Classification => nn.functional.cross_entropy(output, targets),
        TaskKind.Regression => nn.functional.mse_loss(output, targets).Mul_(0.5),
        TaskKind.NextToken => nn.functional.cross_entropy(output.reshape(-1, output.shape[^1]), targets.reshape(-1)),
        _ => throw new ArgumentOutOfRangeException(nameof(task)),
    };

    /// <summary>Sum of per-sample losses (for exact accumulation and evaluation over many batches).</summary>
    public static Tensor Sum(TaskKind task, Tensor output, Tensor targets) => task switch
    {
        TaskKind.Classification => nn.functional.cross_entropy(output, targets, reduction: nn.Reduction.Sum),
        TaskKind.Regression => nn.functional.mse_loss(output, targets, reduction: nn.Reduction.Sum).Mul_(0.5),
        // Σ over sequences of each one's mean over its T tokens = Σ over tokens ÷ T.
        TaskKind.NextToken => nn.functional.cross_entropy(output.reshape(-1, output.shape[^1]), targets.reshape(-1), reduction: nn.Reduction.Sum).Div_(targets.shape[^1]),
        _ => throw new ArgumentOutOfRangeException(nameof(task)),
    };

    /// <summary>Number of misclassified samples in a batch; 0 for regression and text (no error rate is reported).</summary>
    public static long Errors(TaskKind task, Tensor output, Tensor targets) =>
        task == TaskKind.Classification ? output.argmax(1).ne(targets).sum().item<long>() : 0;
}

/// <summary>Loss in other units.</summary>
public static class LossUnits
{
    /// <summary>Bits per token from a mean cross-entropy in nats: for byte tokens, bits per byte (8 = knowing nothing, uniform over 256).</summary>
    public static double BitsPerToken(double nats) => nats / Math.Log(2);
}
