using static TorchSharp.torch;

namespace BatchLab.Training.Fused;

/// <summary>
/// Plain SGD written through the weight-gradient product itself (issue of K·P passes; see
/// docs/performance.md): while armed, each fused linear layer's backward pass applies
/// W_k ← W_k − η_k·(∂L/∂y_k)ᵀ·x_k as one in-place matrix product per member (addmm_ with β = 1),
/// instead of writing a gradient tensor that the optimizer then reads. No gradient is zeroed,
/// written, copied into .grad or read back; the weights are read and written once. Only exact
/// when the update is one backward pass (M ≥ B) of plain SGD (no momentum, weight decay or
/// clipping, which need the gradient); the trainer arms it only then. Biases and other layers
/// keep their gradients and the optimizer.
/// </summary>
internal sealed class DirectUpdate
{
    /// <summary>−η per member, as the optimizer would apply it; null when not armed.</summary>
    public PerMember? NegativeRates { get; private set; }

    public void Arm(PerMember negativeRates) => NegativeRates = negativeRates;

    public void Disarm() => NegativeRates = null;

    /// <summary>W ← W + (−η ⊙ gy)ᵀ·x, member by member (one in-place product each).</summary>
    public void Apply(Tensor weight, Tensor outputGradient, Tensor input)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var scaled = outputGradient.mul(NegativeRates!.For(outputGradient));
        var w = weight.unbind(0);
        var g = scaled.unbind(0);
        var x = input.unbind(0);
        for (var k = 0; k < w.Length; k++)
        {
            w[k].addmm_(g[k].t(), x[k]);
        }
    }
}
