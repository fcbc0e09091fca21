using static TorchSharp.torch;

namespace BatchLab.Models;

/// <summary>
/// One model family of the catalog: how its spec is written, what it is, and the input it was
/// designed for. <see cref="Build"/> receives what follows the colon (empty when there is none),
/// lower-cased unless it is a file path (<see cref="PathArgument"/>). <see cref="ReadsTokens"/> marks
/// a model whose input is token ids (text data), not floating-point features.
/// </summary>
public sealed record ModelEntry(
    string Name,
    string Form,
    string Example,
    string Description,
    ModelInput NativeInput,
    Func<string, ModelInput, Device?, nn.Module<Tensor, Tensor>> Build,
    bool PathArgument = false,
    bool ReadsTokens = false)
{
    /// <summary>Whether the spec takes arguments after a colon (<c>mlp:</c> and <c>torchscript:</c>).</summary>
    public bool TakesArguments => Form.Contains(':', StringComparison.Ordinal);
}
