using BatchLab.Runtime;
using BatchLab.Training.Optimizers;
using static TorchSharp.torch;

namespace BatchLab.Training.Fused;

/// <summary>
/// <see cref="Sgd"/> for K members at once: g ← ∇ + λ_k θ; b ← μ_k b + g; g ← g + μ_k b (Nesterov)
/// or b; θ ← θ − η_k g. The buffer starts at zero, so b₁ = g exactly as Sgd's b₀ = g; a member with
/// μ = 0 gets b = g, i.e. plain SGD, and reports no momentum state, as Sgd does.
/// </summary>
internal sealed class FusedSgd : IFusedOptimizer
{
    readonly FusedNetwork network;
    readonly bool nesterov;
    readonly PerMember momentum;
    readonly PerMember weightDecay;
    readonly PerMember negativeRate;
    readonly Tensor?[] buffers;

    public FusedSgd(FusedNetwork network, IReadOnlyList<OptimizerOptions> options, ScalarType dtype, Device device)
    {
        this.network = network;
        nesterov = options[0].Nesterov;
        momentum = new PerMember(options.Select(o => o.Momentum), dtype, device);
        weightDecay = new PerMember(options.Select(o => o.WeightDecay), dtype, device);
        negativeRate = new PerMember(options.Select(_ => 0.0), dtype, device);
        buffers = new Tensor?[network.Parameters.Count];
    }

    public void Step(PerMember learningRates)
    {
        using var _ = no_grad();
        negativeRate.Set([.. learningRates.Values.Select(lr => -lr)]);
        for (var i = 0; i < buffers.Length; i++)
        {
            var p = network.Parameters[i].Value;
            // The scope holds the .grad wrapper too: left to the finalizer, it would keep this update's
            // gradient alive after the next update drops it (one gradient's memory leaked per update).
            using var scope = NewDisposeScope();
            if (p.grad is not { } grad)
            {
                continue;
            }

            var g = weightDecay.AnyNonZero ? grad.Addcmul(p, weightDecay.For(p), 1) : grad;
            if (momentum.AnyNonZero)
            {
                var buffer = buffers[i] ??= zeros_like(p).DetachFromDisposeScope();
                buffer.mul_(momentum.For(p)).Add_(g);
                g = nesterov ? g.Addcmul(buffer, momentum.For(p), 1) : buffer;
            }

            p.Addcmul_(g, negativeRate.For(p), 1);
        }
    }

    public IEnumerable<(string Name, Tensor Value)> MemberState(long member)
    {
        if (momentum.Values[(int)member] == 0)
        {
            yield break;
        }

        for (var i = 0; i < buffers.Length; i++)
        {
            if (buffers[i] is { } buffer)
            {
                var p = network.Parameters[i];
                yield return ($"{p.Name}.momentum", p.MemberOf(buffer, member));
            }
        }
    }

    public void LoadState(IReadOnlyList<IReadOnlyDictionary<string, Tensor>> states)
    {
        for (var i = 0; i < buffers.Length; i++)
        {
            buffers[i]?.Dispose();
            buffers[i] = FusedOptimizers.Gather(network.Parameters[i], $"{network.Parameters[i].Name}.momentum", states);
        }
    }

    public void Keep(IReadOnlyList<int> positions)
    {
        FusedOptimizers.Keep(buffers, positions);
        momentum.Keep(positions);
        weightDecay.Keep(positions);
        negativeRate.Keep(positions);
    }

    public void Dispose()
    {
        FusedOptimizers.Dispose(buffers);
        momentum.Dispose();
        weightDecay.Dispose();
        negativeRate.Dispose();
    }
}
