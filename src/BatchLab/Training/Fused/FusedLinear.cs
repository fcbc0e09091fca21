using TorchSharp.Modules;
using static TorchSharp.torch;

namespace BatchLab.Training.Fused;

/// <summary>
/// K linear layers as one batched product: x [K, N, in] · W [K, in, out] + b [K, 1, out]. W is
/// stored [in, out] per member, the transpose of the member's own [out, in]: with [out, in] and a
/// transposed view, autograd writes the weight gradient transposed and copies it back, which
/// measured 6× slower backward (K = 16, B = 8, 784→256). <c>bmm</c> then an in-place bias add,
/// not <c>baddbmm</c>: TorchSharp 0.107.0 binds baddbmm(A, B, C) as C + A·B.
/// </summary>
internal sealed class FusedLinear : IFusedLayer
{
    readonly FusedTensor weight;
    readonly FusedTensor? bias;

    public FusedLinear(string name, IReadOnlyList<Linear> members)
    {
        weight = FusedTensor.Stack($"{name}.weight", [.. members.Select(m => (Tensor)m.weight!)], trainable: true, transposed: true);
        bias = members[0].bias is null ? null : FusedTensor.Stack($"{name}.bias", [.. members.Select(m => (Tensor)m.bias!)], trainable: true);
        Tensors = bias is null ? [weight] : [weight, bias];
    }

    public FusedLayout Input => FusedLayout.Members;

    public FusedLayout Output => FusedLayout.Members;

    public IReadOnlyList<FusedTensor> Tensors { get; }

    public Tensor Forward(Tensor input)
    {
        var output = input.bmm(weight.Value);
        return bias is null ? output : output.add_(bias.Value.unsqueeze(1));
    }
}
