using BatchLab.Runtime;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace BatchLab.Training.Optimizers;

/// <summary>
/// Adam and AdamW exactly as torch.optim (no amsgrad): m ← β₁m + (1−β₁)g; v ← β₂v + (1−β₂)g²;
/// θ ← θ − η/(1−β₁ᵗ) · m / (√v/√(1−β₂ᵗ) + ε). Adam adds λθ to g; AdamW first scales θ by 1 − ηλ.
/// Two state tensors per parameter (2× the parameter memory).
/// </summary>
public sealed class Adam(IReadOnlyList<(string Name, Parameter Param)> parameters, OptimizerOptions options) : IOptimizer
{
    readonly Tensor?[] first = new Tensor?[parameters.Count];
    readonly Tensor?[] second = new Tensor?[parameters.Count];
    long step;

    public void Step(double learningRate)
    {
        using var _ = no_grad();
        step++;
        var correction1 = 1 - Math.Pow(options.Beta1, step);
        var sqrtCorrection2 = Math.Sqrt(1 - Math.Pow(options.Beta2, step));
        var decoupled = options.Kind == OptimizerKind.AdamW;
        for (var i = 0; i < parameters.Count; i++)
        {
            var p = parameters[i].Param;
            // The scope holds the .grad wrapper too: left to the finalizer, it would keep this update's
            // gradient alive after the next update drops it (one gradient's memory leaked per update).
            using var scope = NewDisposeScope();
            if (p.grad is not { } grad)
            {
                continue;
            }

            var g = !decoupled && options.WeightDecay != 0 ? grad.Add(p, alpha: options.WeightDecay) : grad;
            if (decoupled && options.WeightDecay != 0)
            {
                p.Mul_(1 - (learningRate * options.WeightDecay));
            }

            var m = first[i] ??= zeros_like(p).DetachFromDisposeScope();
            var v = second[i] ??= zeros_like(p).DetachFromDisposeScope();
            m.Mul_(options.Beta1).Add_(g, alpha: 1 - options.Beta1);
            v.Mul_(options.Beta2).Addcmul_(g, g, value: 1 - options.Beta2);
            var denominator = v.sqrt().Div_(sqrtCorrection2).Add_(options.Epsilon);
            p.Addcdiv_(m, denominator, value: -learningRate / correction1);
        }
    }

    public IEnumerable<(string Name, Tensor Value)> State()
    {
        yield return ("step", tensor(step));
        for (var i = 0; i < parameters.Count; i++)
        {
            if (first[i] is { } m && second[i] is { } v)
            {
                yield return ($"{parameters[i].Name}.exp_avg", m);
                yield return ($"{parameters[i].Name}.exp_avg_sq", v);
            }
        }
    }

    public void LoadState(IReadOnlyDictionary<string, Tensor> state)
    {
        step = state.TryGetValue("step", out var s) ? s.item<long>() : 0;
        for (var i = 0; i < parameters.Count; i++)
        {
            var (name, p) = parameters[i];
            first[i]?.Dispose();
            second[i]?.Dispose();
            first[i] = state.TryGetValue($"{name}.exp_avg", out var m) ? OptimizerSetup.CopyFor(p, m, name) : null;
            second[i] = state.TryGetValue($"{name}.exp_avg_sq", out var v) ? OptimizerSetup.CopyFor(p, v, name) : null;
        }
    }
}
