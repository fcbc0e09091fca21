using BatchLab.Training.Optimizers;
using static TorchSharp.torch;

namespace BatchLab.Training.Fused;

/// <summary>
/// An optimizer for a fused network with every hyperparameter per member ([K, 1, …] tensors),
/// computing for each member exactly what <see cref="Sgd"/> or <see cref="Adam"/> computes for it alone.
/// Its state reads and loads per member under the solo optimizer's names, so member checkpoints
/// are ordinary run checkpoints.
/// </summary>
internal interface IFusedOptimizer : IDisposable
{
    /// <summary>Applies one update from the gradients in each fused parameter's .grad, member k at rate η_k.</summary>
    void Step(PerMember learningRates);

    /// <summary>Member <paramref name="member"/>'s state as its solo optimizer names it (views; copy before keeping).</summary>
    IEnumerable<(string Name, Tensor Value)> MemberState(long member);

    /// <summary>Restores each member's saved solo state, in member order.</summary>
    void LoadState(IReadOnlyList<IReadOnlyDictionary<string, Tensor>> states);

    /// <summary>Keeps the members at <paramref name="positions"/>, as the network does.</summary>
    void Keep(IReadOnlyList<int> positions);
}

internal static class FusedOptimizers
{
    public static IFusedOptimizer Create(FusedNetwork network, IReadOnlyList<OptimizerOptions> options, ScalarType dtype, Device device)
    {
        foreach (var o in options)
        {
            o.Validate();
        }

        return options[0].Kind == OptimizerKind.Sgd
            ? new FusedSgd(network, options, dtype, device)
            : new FusedAdam(network, options, dtype, device);
    }

    /// <summary>
    /// A [K, ...] state tensor for <paramref name="p"/> filled from the members' saved tensors named
    /// <paramref name="name"/> (zeros where a member saved none); null when no member saved one.
    /// </summary>
    public static Tensor? Gather(FusedTensor p, string name, IReadOnlyList<IReadOnlyDictionary<string, Tensor>> states)
    {
        if (!states.Any(s => s.ContainsKey(name)))
        {
            return null;
        }

        using var _ = no_grad();
        using var scope = NewDisposeScope();
        var gathered = zeros_like(p.Value);
        for (var k = 0; k < states.Count; k++)
        {
            if (states[k].TryGetValue(name, out var saved))
            {
                gathered[k].copy_(OptimizerSetup.CopyFor(p.Member(k), saved, name));
            }
        }

        return gathered.DetachFromDisposeScope();
    }

    public static void Dispose(Tensor?[] states)
    {
        foreach (var s in states)
        {
            s?.Dispose();
        }
    }

    public static void Keep(Tensor?[] states, IReadOnlyList<int> positions)
    {
        for (var i = 0; i < states.Length; i++)
        {
            if (states[i] is { } s)
            {
                states[i] = FusedTensor.Select(s, positions);
                s.Dispose();
            }
        }
    }
}
