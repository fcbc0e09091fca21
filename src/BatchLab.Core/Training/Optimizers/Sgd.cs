using BatchLab.Runtime;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace BatchLab.Training.Optimizers;

/// <summary>
/// SGD exactly as torch.optim.SGD (dampening 0): g ← ∇ + λθ; b ← μb + g (b₀ = g);
/// g ← g + μb (Nesterov) or b; θ ← θ − ηg. Costs 1–4 element-wise passes per parameter.
/// </summary>
public sealed class Sgd(IReadOnlyList<(string Name, Parameter Param)> parameters, OptimizerOptions options) : IOptimizer
{
    readonly Tensor?[] momentum = new Tensor?[parameters.Count];

    public void Step(double learningRate)
    {
        using var _ = no_grad();
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

            var g = options.WeightDecay != 0 ? grad.Add(p, alpha: options.WeightDecay) : grad;
            if (options.Momentum != 0)
            {
                if (momentum[i] is { } buffer)
                {
                    buffer.Mul_(options.Momentum).Add_(g);
                }
                else
                {
                    momentum[i] = buffer = g.detach().clone().DetachFromDisposeScope();
                }

                g = options.Nesterov ? g.Add(buffer, alpha: options.Momentum) : buffer;
            }

            p.Add_(g, alpha: -learningRate);
        }
    }

    public IEnumerable<(string Name, Tensor Value)> State()
    {
        for (var i = 0; i < parameters.Count; i++)
        {
            if (momentum[i] is { } buffer)
            {
                yield return ($"{parameters[i].Name}.momentum", buffer);
            }
        }
    }

    public void LoadState(IReadOnlyDictionary<string, Tensor> state)
    {
        for (var i = 0; i < parameters.Count; i++)
        {
            momentum[i]?.Dispose();
            momentum[i] = state.TryGetValue($"{parameters[i].Name}.momentum", out var t)
                ? OptimizerSetup.CopyFor(parameters[i].Param, t, parameters[i].Name)
                : null;
        }
    }
}
