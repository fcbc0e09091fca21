using static TorchSharp.torch;

namespace BatchLab.Training.Fused;

/// <summary>
/// One state-dict entry of K fused members: <see cref="Value"/> is [K, ...solo shape] with member
/// k's copy at index k, the entry of the member's own model named <see cref="Name"/>. Trainable
/// entries are autograd leaves; dropping members replaces <see cref="Value"/> with a smaller leaf.
/// </summary>
public sealed class FusedTensor : IDisposable
{
    FusedTensor(string name, Tensor value, bool trainable)
    {
        Name = name;
        Trainable = trainable;
        Value = trainable ? value.requires_grad_() : value;
    }

    public string Name { get; }

    public bool Trainable { get; }

    public Tensor Value { get; private set; }

    /// <summary>Stacks the members' own tensors (copies).</summary>
    internal static FusedTensor Stack(string name, IReadOnlyList<Tensor> solo, bool trainable)
    {
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        var stacked = stack(solo.Select(t => t.detach()), 0).DetachFromDisposeScope();
        return new FusedTensor(name, stacked, trainable);
    }

    /// <summary>Member <paramref name="member"/>'s slice: its own tensor's shape and values (a view).</summary>
    public Tensor Member(long member) => MemberOf(Value, member);

    /// <summary>Member <paramref name="member"/>'s slice of a tensor laid out like <see cref="Value"/> (optimizer state), in its own shape.</summary>
    public Tensor MemberOf(Tensor fused, long member) => fused.detach()[member];

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
