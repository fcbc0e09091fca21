using System.Diagnostics;
using static TorchSharp.torch;

namespace BatchLab.Benchmarks;

/// <summary>GFLOP/s of one layer's products as a fused group runs them and as one trial with K·B samples would.</summary>
public sealed record ProductShapeRates(long In, long Out, double FusedForward, double FusedWeightGradient, double MergedForward, double MergedWeightGradient);

/// <summary>
/// Where a fused step's time goes: the batched products of a linear layer at K members × B
/// samples (forward x·Wᵀ and weight gradient gyᵀ·x, each member's own W) against the same
/// arithmetic as one matrix product over K·B samples with one W. Both do 2·K·B·in·out FLOPs;
/// the batched ones do them as K small products with an inner dimension of B.
/// </summary>
public static class ProductShapes
{
    public static ProductShapeRates Measure(long members, long batch, long inputs, long outputs, double seconds = 0.3)
    {
        using var scope = NewDisposeScope();
        var flops = 2.0 * members * batch * inputs * outputs;
        var x = randn(members, batch, inputs);
        var w = randn(members, outputs, inputs);
        var gy = randn(members, batch, outputs);
        var xMerged = randn(members * batch, inputs);
        var wMerged = randn(outputs, inputs);
        var gyMerged = randn(members * batch, outputs);
        return new ProductShapeRates(inputs, outputs,
            Rate(() => x.bmm(w.transpose(1, 2)), flops, seconds),
            Rate(() => gy.transpose(1, 2).bmm(x), flops, seconds),
            Rate(() => xMerged.mm(wMerged.t()), flops, seconds),
            Rate(() => gyMerged.t().mm(xMerged), flops, seconds));
    }

    static double Rate(Func<Tensor> product, double flops, double seconds)
    {
        product().Dispose();
        var count = 0;
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed.TotalSeconds < seconds)
        {
            product().Dispose();
            count++;
        }

        return count * flops / clock.Elapsed.TotalSeconds / 1e9;
    }
}
