using static TorchSharp.torch;

namespace BatchLab.Data.Tensors;

/// <summary>
/// A data set as read from the user's files, before BatchLab splits and standardises it: inputs
/// [N, ...] of any numeric dtype, targets [N] (class ids, or real values for regression). A null
/// test (or validation) split is carved from the training samples with a fixed permutation.
/// </summary>
public sealed record RawSplits(
    string Name,
    TaskKind Task,
    Tensor TrainX,
    Tensor TrainY,
    Tensor? TestX,
    Tensor? TestY,
    DataOrigin Origin,
    int? Classes = null,
    Tensor? ValidationX = null,
    Tensor? ValidationY = null,
    IReadOnlyList<string>? ClassNames = null) : IDisposable
{
    public void Dispose()
    {
        foreach (var t in new[] { TrainX, TrainY, TestX, TestY, ValidationX, ValidationY })
        {
            t?.Dispose();
        }
    }
}
