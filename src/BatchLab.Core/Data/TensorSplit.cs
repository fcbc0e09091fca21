using static TorchSharp.torch;

namespace BatchLab.Data;

/// <summary>
/// One split of a data set, held in memory. Inputs are [N, ...sample shape] float32 (images are
/// [N, 1, 28, 28] scaled to [0, 1] then standardised); targets are [N] int64 class ids or
/// [N, 1] float32 regression values; text has [N, T] int64 token ids as inputs and targets. Batches are taken with index_select on these tensors.
/// </summary>
public sealed class TensorSplit(Tensor inputs, Tensor targets) : IDisposable
{
    public Tensor Inputs { get; } = inputs;

    public Tensor Targets { get; } = targets;

    public long Count => Inputs.shape[0];

    /// <summary>The samples at <paramref name="indices"/> (an int64 tensor), as new tensors.</summary>
    public (Tensor Inputs, Tensor Targets) Select(Tensor indices) =>
        (Inputs.index_select(0, indices), Targets.index_select(0, indices));

    /// <summary>An empty split with the same sample shape, for data sets without validation data.</summary>
    public TensorSplit EmptyLike() =>
        new(Inputs.narrow(0, 0, 0), Targets.narrow(0, 0, 0));

    /// <summary>A copy with floating-point inputs and targets converted to <paramref name="dtype"/> (token ids stay int64).</summary>
    public TensorSplit ToDtype(ScalarType dtype) => new(
        Inputs.is_floating_point() ? Inputs.to_type(dtype, copy: true) : Inputs.clone(),
        Targets.is_floating_point() ? Targets.to_type(dtype, copy: true) : Targets.clone());

    /// <summary>Moves both tensors out of the current dispose scope (builders work inside one); returns this.</summary>
    internal TensorSplit MoveToOuterDisposeScope()
    {
        Inputs.MoveToOuterDisposeScope();
        Targets.MoveToOuterDisposeScope();
        return this;
    }

    public void Dispose()
    {
        Inputs.Dispose();
        Targets.Dispose();
    }
}
