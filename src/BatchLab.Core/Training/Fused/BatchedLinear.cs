using static TorchSharp.torch;

namespace BatchLab.Training.Fused;

/// <summary>
/// y = x · Wᵀ for K members at once: x [K, N, in], W [K, out, in] (each member's own layout),
/// y [K, N, out], with a hand-written backward. Through autograd, the transposed view of W makes
/// the weight gradient come out as [K, in, out] and get copied back transposed; here it is
/// computed in W's layout, gyᵀ · x, and the input gradient gy · W needs no transpose either.
/// Measured (thread CPU time, K = 16, B = 8, 784→256, 1 thread): weight gradient 1.4 ms instead
/// of 2.0 ms with W stored [in, out], input gradient 1.5 ms instead of 2.6 ms, forward the same.
/// </summary>
internal sealed class BatchedLinear : autograd.SingleTensorFunction<BatchedLinear>
{
    public override string Name => nameof(BatchedLinear);

    public override Tensor forward(autograd.AutogradContext ctx, params object[] vars)
    {
        var (x, w) = ((Tensor)vars[0], (Tensor)vars[1]);
        ctx.save_for_backward([x, w]);
        if (vars.Length > 2 && vars[2] is DirectUpdate { NegativeRates: not null } direct)
        {
            ctx.save_data("direct", direct);
        }

        return x.bmm(w.transpose(1, 2));
    }

    public override List<Tensor> backward(autograd.AutogradContext ctx, Tensor gradient)
    {
        var saved = ctx.get_saved_variables();
        var (x, w) = (saved[0], saved[1]);
        var inputGradient = x.requires_grad ? gradient.bmm(w) : null!;
        if (ctx.get_data("direct") is DirectUpdate direct)
        {
            // The input gradient above used W before this update, as backpropagation must.
            direct.Apply(w, gradient, x);
            return [inputGradient, null!, null!];
        }

        return [inputGradient, gradient.transpose(1, 2).bmm(x), null!];
    }
}
