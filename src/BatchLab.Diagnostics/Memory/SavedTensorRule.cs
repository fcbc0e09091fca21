using BatchLab.Models;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace BatchLab.Diagnostics.Memory;

/// <summary>
/// What one layer contributes to memory, by kind of layer.
/// For training (libtorch 2.x CPU kernels): whether autograd keeps the layer's input or output
/// for the backward pass, and any extra tensor it keeps per output element (max-pooling keeps
/// int64 argmax indices, 8 bytes; dropout on the CPU multiplies by a float noise tensor and keeps
/// it, 4 bytes). For the forward feature-map count: whether the output is a map of its own, as
/// the classic per-image tallies count them (activations are taken as in place, a flatten is a
/// view, dropout is the identity at inference).
/// </summary>
public sealed record SavedTensorRule(bool SavesInput, bool SavesOutput, int ExtraBytesPerOutput, bool View, bool FeatureMap, bool Activation = false, bool Known = true)
{
    static readonly SavedTensorRule Weighted = new(true, false, 0, false, true);       // x·W needs x for ∂W
    static readonly SavedTensorRule FromResult = new(false, true, 0, false, false, Activation: true);    // relu, tanh, sigmoid: f′ from f(x)
    static readonly SavedTensorRule FromInput = new(true, false, 0, false, false, Activation: true);     // gelu: f′ from x
    static readonly SavedTensorRule Pooling = new(true, false, 0, false, true);
    static readonly SavedTensorRule MaxPooling = new(true, false, sizeof(long), false, true);
    static readonly SavedTensorRule Dropout = new(false, false, sizeof(float), false, false);
    static readonly SavedTensorRule Alias = new(false, false, 0, true, false);
    static readonly SavedTensorRule NothingSaved = new(false, false, 0, false, false);

    /// <summary>An unrecognised layer is assumed to keep both its input and its output: an upper bound.</summary>
    static readonly SavedTensorRule Unknown = new(true, true, 0, false, true, Known: false);

    public static SavedTensorRule For(nn.Module layer) => layer switch
    {
        Linear or Conv1d or Conv2d or Conv3d or BatchNorm => Weighted,
        ReLU or Tanh or Sigmoid => FromResult,
        GELU => FromInput,
        MaxPool1d or MaxPool2d => MaxPooling,
        AvgPool1d or AvgPool2d or AdaptiveAvgPool1d or AdaptiveAvgPool2d => Pooling,
        TorchSharp.Modules.Dropout => Dropout,
        Flatten or Identity => Alias,

        // The option-A shortcut strides and zero-pads: neither needs a saved tensor to differentiate.
        PadShortcut => NothingSaved,
        _ => Unknown,
    };
}
