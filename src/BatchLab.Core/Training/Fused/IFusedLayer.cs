using static TorchSharp.torch;

namespace BatchLab.Training.Fused;

/// <summary>
/// How a fused activation holds K members' samples: <see cref="Members"/> is [K, N, features]
/// (linear layers run as one batched matrix product); <see cref="Channels"/> is
/// [N, K·C, H, W] (member k owns channels k·C … k·C + C − 1, so a convolution with groups = K
/// and any per-channel layer keep members apart).
/// </summary>
public enum FusedLayout
{
    Members,
    Channels,
}

/// <summary>One layer of a fused network: K members' copies of the same solo layer.</summary>
internal interface IFusedLayer
{
    FusedLayout Input { get; }

    FusedLayout Output { get; }

    /// <summary>The layer's state-dict entries (parameters and buffers), already prefixed with the layer name.</summary>
    IReadOnlyList<FusedTensor> Tensors { get; }

    Tensor Forward(Tensor input);

    /// <summary>The layer in evaluation mode, without gradients (BatchNorm on running statistics); the training forward where they agree.</summary>
    Tensor Infer(Tensor input) => Forward(input);
}
