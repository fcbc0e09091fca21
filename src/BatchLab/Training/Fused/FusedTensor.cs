using static TorchSharp.torch;

namespace BatchLab.Training.Fused;

/// <summary>
/// One state-dict entry of K fused members: <see cref="Value"/> is [K, ...] with member k's copy
/// at index k, which is the entry of the member's own model (name <see cref="Name"/>, shape
/// <see cref="SoloShape"/>), reshaped — or transposed, for linear weights, which run fastest stored
/// [in, out] per member. Trainable entries are autograd leaves; dropping members replaces
/// <see cref="Value"/> with a smaller leaf.
/// </summary>
public sealed class FusedTensor : IDisposable
{
    readonly bool transposed;

    FusedTensor(string name, Tensor value, long[] soloShape, bool trainable, bool transposed)
    {
        Name = name;
        SoloShape = soloShape;
        Trainable = trainable;
        this.transposed = transposed;
        Value = trainable ? value.requires_grad_() : value;
    }

    public string Name { get; }

    public long[] SoloShape { get; }

    public bool Trainable { get; }

    public Tensor Value { get; private set; }

    /// <summary>Stacks the members' own tensors (copies); <paramref name="transposed"/> stores 2-D entries transposed.</summary>
    internal static FusedTensor Stack(string name, IReadOnlyList<Tensor> solo, bool trainable, bool transposed = false)
    {
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        var stacked = stack(solo.Select(t => transposed ? t.detach().t() : t.detach()), 0).DetachFromDisposeScope();
        return new FusedTensor(name, stacked, solo[0].shape, trainable, transposed);
    }

    /// <summary>Member <paramref name="member"/>'s slice in its own shape (a view).</summary>
    public Tensor Member(long member) => MemberOf(Value, member);

    /// <summary>Member <paramref name="member"/>'s slice of a tensor laid out like <see cref="Value"/> (optimizer state), in its own shape.</summary>
    public Tensor MemberOf(Tensor fused, long member)
    {
        var slice = fused.detach()[member];
        return transposed ? slice.t() : slice.view(SoloShape);
    }

    /// <summary>A member's own tensor laid out as its slice of <see cref="Value"/>.</summary>
    public Tensor SliceOf(Tensor solo) => transposed ? solo.t() : solo.view(Value.shape[1..]);

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
