using static TorchSharp.torch;

namespace BatchLab.Training.Fused;

/// <summary>
/// Flattens each member's samples to feature vectors, ending in the <see cref="FusedLayout.Members"/>
/// layout [K, N, F]. From [N, K·C, H, W] member k's features come out in the solo order (c, h, w);
/// the result is a transposed view, which the next batched product reads without a copy.
/// </summary>
internal sealed class FusedFlatten(FusedLayout input, long members) : IFusedLayer
{
    public FusedLayout Input => input;

    public FusedLayout Output => FusedLayout.Members;

    public IReadOnlyList<FusedTensor> Tensors => [];

    /// <summary>K; changes when members leave the group.</summary>
    public long Members { get; set; } = members;

    public Tensor Forward(Tensor x) => input == FusedLayout.Channels
        ? x.view(x.shape[0], Members, -1).transpose(0, 1)
        : x.reshape(x.shape[0], x.shape[1], -1);
}
