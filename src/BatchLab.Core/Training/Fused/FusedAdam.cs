using BatchLab.Runtime;
using BatchLab.Training.Optimizers;
using static TorchSharp.torch;

namespace BatchLab.Training.Fused;

/// <summary>
/// <see cref="Adam"/> (or AdamW) for K members at once, with β₁, β₂, ε, λ and η per member:
/// m ← β₁m + (1−β₁)g; v ← β₂v + (1−β₂)g²; θ ← θ − η/(1−β₁ᵗ) · m / (√v/√(1−β₂ᵗ) + ε). The bias
/// corrections differ per member only through β, so the host computes them each step (2·K numbers).
/// </summary>
internal sealed class FusedAdam : IFusedOptimizer
{
    readonly FusedNetwork network;
    readonly bool decoupled;
    IReadOnlyList<OptimizerOptions> options;
    readonly PerMember beta1;
    readonly PerMember beta2;
    readonly PerMember oneMinusBeta1;
    readonly PerMember oneMinusBeta2;
    readonly PerMember epsilon;
    readonly PerMember weightDecay;
    readonly PerMember decayFactor;
    readonly PerMember stepSize;
    readonly PerMember sqrtCorrection2;
    readonly Tensor?[] first;
    readonly Tensor?[] second;
    long step;

    public FusedAdam(FusedNetwork network, IReadOnlyList<OptimizerOptions> options, ScalarType dtype, Device device)
    {
        this.network = network;
        this.options = [.. options];
        decoupled = options[0].Kind == OptimizerKind.AdamW;
        PerMember Of(Func<OptimizerOptions, double> value) => new(options.Select(value), dtype, device);
        beta1 = Of(o => o.Beta1);
        beta2 = Of(o => o.Beta2);
        oneMinusBeta1 = Of(o => 1 - o.Beta1);
        oneMinusBeta2 = Of(o => 1 - o.Beta2);
        epsilon = Of(o => o.Epsilon);
        weightDecay = Of(o => o.WeightDecay);
        decayFactor = Of(_ => 1);
        stepSize = Of(_ => 0);
        sqrtCorrection2 = Of(_ => 1);
        first = new Tensor?[network.Parameters.Count];
        second = new Tensor?[network.Parameters.Count];
    }

    public void Step(PerMember learningRates)
    {
        using var _ = no_grad();
        step++;
        var rates = learningRates.Values;
        stepSize.Set([.. options.Select((o, k) => -rates[k] / (1 - Math.Pow(o.Beta1, step)))]);
        sqrtCorrection2.Set([.. options.Select(o => Math.Sqrt(1 - Math.Pow(o.Beta2, step)))]);
        var decay = weightDecay.AnyNonZero;
        if (decoupled && decay)
        {
            decayFactor.Set([.. options.Select((o, k) => 1 - (rates[k] * o.WeightDecay))]);
        }

        for (var i = 0; i < first.Length; i++)
        {
            var p = network.Parameters[i].Value;
            // The scope holds the .grad wrapper too: left to the finalizer, it would keep this update's
            // gradient alive after the next update drops it (one gradient's memory leaked per update).
            using var scope = NewDisposeScope();
            if (p.grad is not { } grad)
            {
                continue;
            }

            var g = !decoupled && decay ? grad.Addcmul(p, weightDecay.For(p), 1) : grad;
            if (decoupled && decay)
            {
                p.mul_(decayFactor.For(p));
            }

            var m = first[i] ??= zeros_like(p).DetachFromDisposeScope();
            var v = second[i] ??= zeros_like(p).DetachFromDisposeScope();
            m.mul_(beta1.For(p)).Addcmul_(g, oneMinusBeta1.For(p), 1);
            v.mul_(beta2.For(p)).Addcmul_(g, g.mul(oneMinusBeta2.For(p)), 1);
            var denominator = v.sqrt().div_(sqrtCorrection2.For(p)).Add_(epsilon.For(p));
            p.Add_(m.div(denominator).mul_(stepSize.For(p)));
        }
    }

    public IEnumerable<(string Name, Tensor Value)> MemberState(long member)
    {
        yield return ("step", tensor(step));
        for (var i = 0; i < first.Length; i++)
        {
            if (first[i] is { } m && second[i] is { } v)
            {
                var p = network.Parameters[i];
                yield return ($"{p.Name}.exp_avg", p.MemberOf(m, member));
                yield return ($"{p.Name}.exp_avg_sq", p.MemberOf(v, member));
            }
        }
    }

    public void LoadState(IReadOnlyList<IReadOnlyDictionary<string, Tensor>> states)
    {
        var steps = states.Select(s => s.TryGetValue("step", out var t) ? t.item<long>() : 0).Distinct().ToList();
        if (steps.Count != 1)
        {
            throw new BatchLabException("fused members' checkpoints disagree on the optimizer step; resume them unfused");
        }

        step = steps[0];
        for (var i = 0; i < first.Length; i++)
        {
            var name = network.Parameters[i].Name;
            first[i]?.Dispose();
            second[i]?.Dispose();
            first[i] = FusedOptimizers.Gather(network.Parameters[i], $"{name}.exp_avg", states);
            second[i] = FusedOptimizers.Gather(network.Parameters[i], $"{name}.exp_avg_sq", states);
        }
    }

    public void Keep(IReadOnlyList<int> positions)
    {
        FusedOptimizers.Keep(first, positions);
        FusedOptimizers.Keep(second, positions);
        options = [.. positions.Select(k => options[k])];
        foreach (var values in PerMembers)
        {
            values.Keep(positions);
        }
    }

    public void Dispose()
    {
        FusedOptimizers.Dispose(first);
        FusedOptimizers.Dispose(second);
        foreach (var values in PerMembers)
        {
            values.Dispose();
        }
    }

    IEnumerable<PerMember> PerMembers =>
        [beta1, beta2, oneMinusBeta1, oneMinusBeta2, epsilon, weightDecay, decayFactor, stepSize, sqrtCorrection2];
}
