using TorchSharp.Modules;
using static TorchSharp.torch;

namespace BatchLab.Diagnostics.Noise;

/// <summary>The squared norm of a model's gradient, read where the noise scale is estimated (the tracker, the goodput policy).</summary>
public static class GradientNorm
{
    // The cheapest of the forms measured (CPU time per call for mlp:256, one thread): a dot product
    // of each gradient with itself, read back one by one, ~45 µs; square().sum() ~130 µs (it
    // allocates a copy of every gradient); clip_grad_norm_ with an infinite limit ~80 µs.
    // Each tensor op costs microseconds of binding overhead, so fewer ops beat fused arithmetic.
    public static double Squared(IReadOnlyList<Parameter> parameters)
    {
        using var scope = NewDisposeScope();
        double total = 0;
        foreach (var p in parameters)
        {
            if (p.grad is { } grad)
            {
                var flat = grad.reshape(-1);
                // item, not ToDouble: TorchSharp's ToDouble reads a Scalar it does not hold (see ScalarOps).
                var square = flat.dot(flat);
                total += square.dtype == ScalarType.Float64 ? square.item<double>() : square.item<float>();
            }
        }

        return total;
    }
}
