using static TorchSharp.torch;

namespace BatchLab.Diagnostics.Sharpness;

/// <summary>How the maximum over the ε-box is searched.</summary>
public enum BoxMethod
{
    /// <summary>Math.NET's bounded BFGS (dense n×n matrix): the paper's quasi-Newton method, for small n.</summary>
    BfgsB,

    /// <summary>Projected limited-memory BFGS on tensors: for the full weight space.</summary>
    ProjectedLbfgs,
}

/// <summary>
/// A function to maximise over the box |z_i| ≤ b_i, evaluated on float64 vectors: the value
/// alone (a forward pass) or with its gradient (forward and backward).
/// </summary>
public sealed record BoxProblem(Tensor Bound, Func<Tensor, double> Value, Func<Tensor, (double Value, Tensor Gradient)> ValueAndGradient)
{
    public long Dimension => Bound.shape[0];
}

/// <summary>
/// The best feasible point a search found (owned by the caller), the iterations it completed
/// (null where the library does not say), the function evaluations it spent, and why it stopped.
/// </summary>
public sealed record BoxMaximum(double Value, Tensor Point, int? Iterations, int Evaluations, string Stop);
