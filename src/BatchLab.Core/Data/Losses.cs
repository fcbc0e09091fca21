using static TorchSharp.torch;

namespace BatchLab.Data;

/// <summary>The loss each task trains with: mean over the samples of a batch.</summary>
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
        TaskKind.Regression => nn.functional.mse_loss(output, targets).mul_(0.5),
        _ => throw new ArgumentOutOfRangeException(nameof(task)),
    };

    /// <summary>Sum of per-sample losses (for exact accumulation and evaluation over many batches).</summary>
    public static Tensor Sum(TaskKind task, Tensor output, Tensor targets) => task switch
    {
        TaskKind.Classification => nn.functional.cross_entropy(output, targets, reduction: nn.Reduction.Sum),
        TaskKind.Regression => nn.functional.mse_loss(output, targets, reduction: nn.Reduction.Sum).mul_(0.5),
        _ => throw new ArgumentOutOfRangeException(nameof(task)),
    };

    /// <summary>Number of misclassified samples in a batch; 0 for regression (error is undefined).</summary>
    public static long Errors(TaskKind task, Tensor output, Tensor targets) =>
        task == TaskKind.Classification ? output.argmax(1).ne(targets).sum().item<long>() : 0;
}
