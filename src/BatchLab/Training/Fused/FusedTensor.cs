using static TorchSharp.torch;

namespace BatchLab.Training.Fused;

/// <summary>
/// One state-dict entry of K fused members: <see cref="Value"/> is [K, ...] with member k's copy
/// at index k, which reshapes to <see cref="SoloShape"/>, the shape the entry has in the member's
/// own model under <see cref="Name"/>. Trainable entries are autograd leaves; dropping members
/// replaces <see cref="Value"/> with a smaller leaf.
/// </summary>
public sealed class FusedTensor : IDisposable
{
    internal FusedTensor(string name, Tensor value, long[] soloShape, bool trainable)
    {
        Name = name;
        SoloShape = soloShape;
        Trainable = trainable;
        Value = trainable ? value.requires_grad_() : value;
    }

    public string Name { get; }

    public long[] SoloShape { get; }

    public bool Trainable { get; }

    public Tensor Value { get; private set; }

    /// <summary>Stacks the members' own tensors (copies) into [K, ...solo shape].</summary>
    internal static FusedTensor Stack(string name, IReadOnlyList<Tensor> solo, bool trainable)
    {
        using var _ = no_grad();
        var stacked = stack(solo.Select(t => t.detach()), 0).DetachFromDisposeScope();
        return new FusedTensor(name, stacked, solo[0].shape, trainable);
    }

    /// <summary>Member <paramref name="member"/>'s slice in its own shape (a view).</summary>
    public Tensor Member(long member) => Value.detach()[member].reshape(SoloShape);

    /// <summary>Keeps the members at <paramref name="positions"/> (current positions), in that order.</summary>
    internal void Keep(IReadOnlyList<int> positions)
    {
        var kept = Select(Value.detach(), positions);
        Value.Dispose();
        Value = Trainable ? kept.requires_grad_() : kept;
    }

    /// <summary>The rows of <paramref name="t"/> at <paramref name="positions"/> along dim 0, as a new tensor outside any dispose scope.</summary>
    internal static Tensor Select(Tensor t, IReadOnlyList<int> positions)
    {
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        var index = tensor(positions.Select(i => (long)i).ToArray(), dtype: ScalarType.Int64, device: t.device);
        return t.index_select(0, index).DetachFromDisposeScope();
    }

    public void Dispose() => Value.Dispose();
}
