namespace BatchLab.Saddle;

/// <summary>
/// Perturbed gradient descent's thresholds, simplified from Jin et al. (2017): there they follow
/// from the smoothness constants (g_thres = √c·ε/χ², r = √c·ε/(χ²ℓ), t_thres = χℓ/(c²√(ρε))); here
/// they are stated directly. The termination test of the original (stop when a perturbation fails
/// to lower f by f_thres within t_thres steps) is left out: runs stop at the minimum or the budget.
/// </summary>
public sealed record PerturbationOptions
{
    /// <summary>Perturb when the Riemannian gradient norm is at or below this.</summary>
    public double GradientThreshold { get; init; } = 1e-3;

    /// <summary>Radius of the tangent-space ball the perturbation is drawn from uniformly.</summary>
    public double Radius { get; init; } = 1e-2;

    /// <summary>At least this many steps between two perturbations (t_thres).</summary>
    public int Interval { get; init; } = 100;
}
