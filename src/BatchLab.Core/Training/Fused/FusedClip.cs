using BatchLab.Runtime;
using static TorchSharp.torch;

namespace BatchLab.Training.Fused;

/// <summary>
/// Gradient clipping per member, as nn.utils.clip_grad_norm_ does for one model: member k's
/// gradient is scaled by min(1, c_k / (‖g_k‖ + 1e-6)), ‖g_k‖ the L2 norm over all its parameters.
/// A member without clipping has c = +∞ (factor 1).
/// </summary>
internal static class FusedClip
{
    public static void Apply(FusedNetwork network, PerMember maxNorms)
    {
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        var grads = network.Parameters.Select(p => p.Value.grad).OfType<Tensor>().ToList();
        var members = network.Members;
        // Tensor.norm, not linalg.vector_norm: TorchSharp's vector_norm passes an implicit Scalar (see ScalarOps).
        var norms = stack(grads.Select(g => g.reshape(members, -1).norm(1)), 1);
        var total = norms.norm(1);
        var factor = maxNorms.For(total).div(total.Add(1e-6)).ClampMax_(1.0);
        foreach (var g in grads)
        {
            var shape = new long[g.dim()];
            Array.Fill(shape, 1L);
            shape[0] = members;
            g.mul_(factor.view(shape));
        }
    }
}
