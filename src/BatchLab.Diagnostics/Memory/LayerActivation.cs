namespace BatchLab.Diagnostics.Memory;

/// <summary>
/// One leaf layer as the memory model sees it, per sample: its output, whether that output counts
/// as a forward feature map, and the bytes training keeps from it for the backward pass (its output
/// when that is saved, plus indices or masks).
/// </summary>
/// <param name="OutputShape">Shape of one sample's output, e.g. [64, 224, 224].</param>
/// <param name="Rule">Known false when the layer kind is not recognised and both input and output were assumed kept.</param>
public sealed record LayerActivation(
    string Name,
    string Type,
    long[] OutputShape,
    long OutputFloats,
    bool FeatureMap,
    long SavedBytes,
    long Parameters,
    SavedTensorRule Rule);
