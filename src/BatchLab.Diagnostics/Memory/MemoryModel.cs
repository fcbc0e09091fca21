using BatchLab.Training.Optimizers;

namespace BatchLab.Diagnostics.Memory;

/// <summary>
/// Predicted memory of one training step at micro-batch M:
/// <code>
/// bytes(M) = parameters + gradients + optimizer state + fixed workspace + M × peak activations per sample
/// </code>
/// Counted: weights; one gradient per weight; optimizer state (SGD with momentum: one buffer per
/// weight, Adam: two); the activation peak of <see cref="ActivationProfile.PeakBytes"/>: the tensors
/// autograd keeps for backward (the input batch included) and the activation gradients alive with
/// them at the busiest moment of the backward pass; for Adam, the temporary denominator √v̂ + ε of
/// the largest weight tensor. All of it is taken as alive at once: the fully connected layers'
/// weight gradients, most of the gradient memory, are made at the start of backward, when nearly
/// every saved activation still lives.
/// Not counted: the process itself (runtime, libtorch code, allocator caches and fragmentation),
/// the data set, kernel scratch buffers (im2col, oneDNN workspaces) and anything the model allocates
/// outside its layers. Those are what a measurement against this model shows as error.
/// </summary>
public sealed record MemoryModel(
    long ParameterBytes,
    long GradientBytes,
    long OptimizerStateBytes,
    long FixedWorkspaceBytes,
    long SavedBytesPerSample,
    long PeakActivationBytesPerSample)
{
    public long FixedBytes => ParameterBytes + GradientBytes + OptimizerStateBytes + FixedWorkspaceBytes;

    public long BytesPerSample => PeakActivationBytesPerSample;

    public static MemoryModel For(ActivationProfile profile, long parameterBytes, OptimizerKind optimizer)
    {
        var adam = optimizer is OptimizerKind.Adam or OptimizerKind.AdamW;
        return new MemoryModel(
            parameterBytes,
            parameterBytes,
            adam ? 2 * parameterBytes : parameterBytes,
            adam ? profile.LargestParameterTensor : 0,
            profile.SavedBytes,
            profile.PeakBytes);
    }

    public long Predict(long microBatch) => FixedBytes + (microBatch * BytesPerSample);

    /// <summary>The largest M whose prediction is at most <paramref name="limit"/> bytes; 0 when not even the fixed part fits.</summary>
    public long LargestMicroBatch(long limit) => limit < FixedBytes + BytesPerSample ? 0 : (limit - FixedBytes) / BytesPerSample;
}
