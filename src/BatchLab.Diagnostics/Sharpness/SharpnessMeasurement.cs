namespace BatchLab.Diagnostics.Sharpness;

/// <summary>Where the ε-sharpness perturbation lives.</summary>
public enum SharpnessSpace
{
    /// <summary>Every weight: A = I, y ∈ ℝⁿ.</summary>
    Full,

    /// <summary>A random p-dimensional subspace: y = A·z, A an n×p matrix of N(0, 1) entries.</summary>
    Subspace,
}

public static class SharpnessSpaceExtensions
{
    /// <summary>How reports name the space: "full space" or "random subspace".</summary>
    public static string Label(this SharpnessSpace space) => space == SharpnessSpace.Full ? "full space" : "random subspace";
}

/// <summary>
/// One ε-sharpness value (Keskar et al. 2017, Metric 2.1): φ = (max f(x + A z) − f(x)) / (1 + f(x)) × 100
/// over the box |z_i| ≤ ε(|(A⁺x)_i| + 1), with what the search did to get there.
/// </summary>
/// <param name="Dimension">n for the full space, p for a subspace.</param>
/// <param name="PerturbationNorm">‖A z‖₂ at the maximiser: how far in weight space the worst point is.</param>
/// <param name="AtBound">Fraction of the box coordinates on a bound at the maximiser (1: a vertex).</param>
/// <param name="Iterations">Quasi-Newton iterations completed (null where the search did not report it).</param>
/// <param name="Evaluations">Passes over the training samples: values and gradients.</param>
public sealed record SharpnessMeasurement(
    SharpnessSpace Space,
    long Dimension,
    double Epsilon,
    BoxMethod Method,
    double Loss,
    double MaxLoss,
    double Sharpness,
    double PerturbationNorm,
    double AtBound,
    int? Iterations,
    int Evaluations,
    string Stop,
    double Seconds);
