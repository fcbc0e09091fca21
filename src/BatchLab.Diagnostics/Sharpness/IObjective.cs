using static TorchSharp.torch;

namespace BatchLab.Diagnostics.Sharpness;

/// <summary>
/// A smooth function of a flat vector, as the sharpness measures see it: the point x being
/// studied, the value anywhere, and the gradient. Vectors are 1-D tensors of
/// <see cref="Dimension"/> entries in the objective's dtype.
/// </summary>
public interface IObjective
{
    long Dimension { get; }

    /// <summary>The point x being studied. Owned by the objective: read it, never change it.</summary>
    Tensor Point { get; }

    double Value(Tensor x);

    (double Value, Tensor Gradient) ValueAndGradient(Tensor x);
}
