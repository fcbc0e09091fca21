
namespace BatchLab.Diagnostics.Sharpness;

/// <summary>
/// What <see cref="SharpnessDiagnostic"/> measured at one solution: the loss f it studied, the
/// top of the Hessian spectrum, Keskar's ε-sharpness in the full space and a random subspace, and
/// (when a second solution was given) loss and error along the line through both. Tables,
/// plots and the finding are derived from these (Reporting, Studies.Findings).
/// </summary>
/// <param name="Solution">Where the weights came from (a checkpoint or weights file).</param>
/// <param name="Samples">N, the training samples f averages over (eval mode: BN running statistics, no dropout).</param>
/// <param name="Loss">f at the solution.</param>
/// <param name="Error">Training error over the same N samples (NaN for regression).</param>
public sealed record SharpnessResult(
    string Model,
    string Data,
    string Solution,
    string? OtherSolution,
    long Parameters,
    long Samples,
    double Loss,
    double Error,
    SharpnessOptions Options,
    LanczosResult? Lanczos,
    PowerIterationResult? Power,
    IReadOnlyList<SharpnessMeasurement> Sharpness,
    IReadOnlyList<InterpolationPoint> Interpolation,
    double Seconds)
{
    /// <summary>The largest eigenvalue found: Lanczos's top Ritz value, else power iteration's estimate.</summary>
    public double? TopEigenvalue => Lanczos?.Eigenvalues[0] ?? Power?.Eigenvalue;
}
