namespace BatchLab.Saddle;

/// <summary>
/// The 2-D strict saddle of <see cref="PlaneSaddle"/>. Gradient descent starts on the saddle's
/// stable manifold (y = 0), where the exact gradient never acquires a y component, and once
/// exactly on the saddle; the noisy and perturbed methods start at the same point.
/// </summary>
public sealed record PlaneSaddleOptions
{
    public double StartX { get; init; } = 1.5;

    public double LearningRate { get; init; } = 0.05;

    public int Steps { get; init; } = 400;

    /// <summary>Standard deviation of the Gaussian noise added to each coordinate of the gradient ("SGD").</summary>
    public double NoiseStd { get; init; } = 0.05;

    public PerturbationOptions Perturbation { get; init; } = new() { GradientThreshold = 1e-2, Radius = 0.05, Interval = 20 };

    /// <summary>Escaped when f ≤ −margin (the saddle value is 0, the minima −1).</summary>
    public double EscapeMargin { get; init; } = 0.1;

    /// <summary>Reached a minimum when f ≤ −1 + tolerance.</summary>
    public double MinimumTolerance { get; init; } = 1e-3;

    public void Validate()
    {
        SaddleEscapeOptions.Require(LearningRate is > 0 and < 0.5, $"plane learning rate {LearningRate} must be in (0, 0.5): above it GD is unstable at the minima");
        SaddleEscapeOptions.Require(Steps >= 1 && NoiseStd >= 0, "plane steps must be at least 1 and the noise standard deviation non-negative");
        SaddleEscapeOptions.Require(EscapeMargin is > 0 and < 1 && MinimumTolerance is > 0 and < 1, "plane escape margin and minimum tolerance must be in (0, 1)");
    }
}
