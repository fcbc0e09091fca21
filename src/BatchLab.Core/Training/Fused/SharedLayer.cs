using static TorchSharp.torch;

namespace BatchLab.Training.Fused;

/// <summary>
/// A layer without state that acts per element or per channel (activations, pooling): the
/// member's own module runs on the fused activation unchanged, since members never mix in it.
/// </summary>
internal sealed class SharedLayer(nn.Module<Tensor, Tensor> module, FusedLayout layout) : IFusedLayer
{
    public FusedLayout Input => layout;

    public FusedLayout Output => layout;

    public IReadOnlyList<FusedTensor> Tensors => [];

    public Tensor Forward(Tensor input) => module.call(input);
}
