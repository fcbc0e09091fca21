using static TorchSharp.torch;

namespace BatchLab.Training.Optimizers;

/// <summary>
/// Applies one weight update from the gradients in each parameter's <c>.grad</c>. Its whole state
/// is a set of named tensors, so checkpoints restore it exactly.
/// </summary>
public interface IOptimizer
{
    /// <summary>Updates the parameters in place with per-update learning rate <paramref name="learningRate"/>.</summary>
    void Step(double learningRate);

    /// <summary>The state tensors by name (views owned by the optimizer; copy before keeping).</summary>
    IEnumerable<(string Name, Tensor Value)> State();

    /// <summary>Restores state saved by <see cref="State"/>; throws when a name or shape does not match.</summary>
    void LoadState(IReadOnlyDictionary<string, Tensor> state);
}
