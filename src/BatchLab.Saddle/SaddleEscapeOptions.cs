namespace BatchLab.Saddle;

/// <summary>
/// What <see cref="SaddleDescent"/> runs. Every run starts at the strict saddle of
/// <see cref="OrthogonalTensor"/> (f = 1); a run has escaped when the exact objective first falls to
/// 1 − <see cref="EscapeMargin"/> or below, and reached the global minimum (f = 0) when it falls to
/// <see cref="MinimumTolerance"/> or below; it stops there or after <see cref="StepBudget"/> steps.
/// </summary>
public sealed record SaddleEscapeOptions
{
    /// <summary>d: the tensor is d×d×d×d and there are d unit vectors u_i to find.</summary>
    public int Dimension { get; init; } = 4;

    /// <summary>Seeds 0 … Seeds−1; each draws its own A and its own sampling noise.</summary>
    public int Seeds { get; init; } = 5;

    /// <summary>SGD batch sizes B (samples averaged per step).</summary>
    public IReadOnlyList<int> Batches { get; init; } = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024];

    /// <summary>η, the same for every method so that step counts compare.</summary>
    public double LearningRate { get; init; } = 0.005;

    public int StepBudget { get; init; } = 3000;

    public double EscapeMargin { get; init; } = 0.1;

    public double MinimumTolerance { get; init; } = 1e-2;

    /// <summary>
    /// A second exact-GD run starts this far (Frobenius norm) from the saddle along the
    /// negative-curvature direction: the smallest displacement whose growth float64 can follow,
    /// to compare with GD from the saddle itself. 0 skips it.
    /// </summary>
    public double GdOffset { get; init; } = 1e-12;

    public PerturbationOptions Perturbation { get; init; } = new();

    public PlaneSaddleOptions Plane { get; init; } = new();

    /// <summary>Rejects settings that cannot give a measurement, before any compute is spent.</summary>
    public void Validate()
    {
        Require(Dimension is >= 2 and <= 64, $"--dim {Dimension} must be between 2 and 64 (the saddle mixes a₁ and a₂)");
        Require(Seeds is >= 1 and <= 1000, $"--seeds {Seeds} must be between 1 and 1000");
        Require(Batches.Count > 0 && Batches.All(b => b is >= 1 and <= 1 << 20), "--batches must list sizes between 1 and 1048576, e.g. 1,4,16");
        Require(LearningRate is > 0 and < 1, $"--lr {LearningRate} must be in (0, 1)");
        Require(StepBudget is >= 1 and <= 10_000_000, $"--steps {StepBudget} must be between 1 and 10000000");
        Require(EscapeMargin is > 0 and < OrthogonalTensor.SaddleValue, $"--escape-margin {EscapeMargin} must be in (0, 1): the saddle value is 1 and the minimum 0");
        Require(MinimumTolerance is > 0 and < OrthogonalTensor.SaddleValue, $"--tolerance {MinimumTolerance} must be in (0, 1)");
        Require(GdOffset is >= 0 and < 0.1, $"--gd-offset {GdOffset} must be in [0, 0.1): it is a tiny displacement from the saddle (0 skips that run)");
        Require(Perturbation.Radius > 0 && Perturbation.GradientThreshold > 0 && Perturbation.Interval >= 1, "perturbation radius and gradient threshold must be positive and the interval at least 1");
        Plane.Validate();
    }

    internal static void Require(bool condition, string message)
    {
        if (!condition)
        {
            throw new BatchLabException(message, BatchLabException.BadInput);
        }
    }
}
