using TorchSharp.Modules;

namespace BatchLab.Training;

/// <summary>
/// Sees the accumulated gradients inside the step, for measurements that come almost free from
/// gradient accumulation (the gradient noise scale). After micro-batch k the .grad tensors hold
/// Σ over the first k micro-batches of (their per-sample loss sum)/B. Null probe = no cost.
/// Probes run inside the step's dispose scope: detach any tensor kept beyond the call
/// (<c>DetachFromDisposeScope</c>).
/// </summary>
public interface IGradientProbe
{
    /// <summary>After each micro-batch's backward pass; <paramref name="samplesSoFar"/> of <paramref name="batch"/> done.</summary>
    void AfterMicroBatch(long update, int microBatch, long samplesSoFar, long batch, IReadOnlyList<Parameter> parameters);

    /// <summary>When the update gradient is complete, before clipping and the optimizer step.</summary>
    void AfterBatch(long update, long batch, IReadOnlyList<Parameter> parameters);
}
