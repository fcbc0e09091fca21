using BatchLab.Runtime;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace BatchLab.Training.Fused;

/// <summary>
/// K linear layers as one batched product: x [K, N, in] · Wᵀ + b [K, 1, out], with W stored
/// [K, out, in] (each member's own layout) and the product's gradients written by hand
/// (<see cref="BatchedLinear"/>). The product, then an in-place bias add, not <c>baddbmm</c>:
/// TorchSharp 0.107.0 binds baddbmm(A, B, C) as C + A·B.
/// </summary>
internal sealed class FusedLinear : IFusedLayer
{
    readonly FusedTensor weight;
    readonly FusedTensor? bias;

    readonly DirectUpdate direct;

    public FusedLinear(string name, IReadOnlyList<Linear> members, DirectUpdate direct)
    {
        this.direct = direct;
        weight = FusedTensor.Stack($"{name}.weight", [.. members.Select(m => (Tensor)m.weight!)], trainable: true);
        bias = members[0].bias is null ? null : FusedTensor.Stack($"{name}.bias", [.. members.Select(m => (Tensor)m.bias!)], trainable: true);
        Tensors = bias is null ? [weight] : [weight, bias];
    }

    public FusedLayout Input => FusedLayout.Members;

    public FusedLayout Output => FusedLayout.Members;

    public IReadOnlyList<FusedTensor> Tensors { get; }

    /// <summary>The forward product of <see cref="BatchedLinear"/> without its autograd node.</summary>
    public Tensor Infer(Tensor input)
    {
        var output = input.bmm(weight.Value.transpose(1, 2));
        return bias is null ? output : output.Add_(bias.Value.unsqueeze(1));
    }

    public Tensor Forward(Tensor input)
    {
        var output = BatchedLinear.apply(input, weight.Value, direct);
        return bias is null ? output : output.Add_(bias.Value.unsqueeze(1));
    }
}
