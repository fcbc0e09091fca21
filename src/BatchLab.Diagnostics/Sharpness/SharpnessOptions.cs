namespace BatchLab.Diagnostics.Sharpness;

/// <summary>
/// What <see cref="SharpnessDiagnostic"/> measures and how hard it tries. Defaults follow Keskar
/// et al. 2017: ε = 10⁻³ and 5·10⁻⁴, the full space and a random 100-dimensional subspace, 10
/// quasi-Newton iterations, α from −1 to 2.
/// </summary>
public sealed record SharpnessOptions
{
    /// <summary>Training samples f averages over: the first N of the training split (null: all of it).</summary>
    public long? Samples { get; init; }

    /// <summary>Samples per forward/backward pass; changes memory and speed, not the results.</summary>
    public long Chunk { get; init; } = TrainingLoss.DefaultChunk;

    /// <summary>Top Hessian eigenvalues to report from Lanczos (0 skips Lanczos).</summary>
    public int Eigenvalues { get; init; } = 5;

    /// <summary>Lanczos steps: Hessian-vector products, each about two gradient passes.</summary>
    public int LanczosSteps { get; init; } = 20;

    /// <summary>Most power iterations for an independent estimate of the top eigenvalue (0 skips it).</summary>
    public int PowerIterations { get; init; } = 20;

    /// <summary>Power iteration stops when successive estimates agree to this fraction.</summary>
    public double PowerTolerance { get; init; } = 1e-3;

    public IReadOnlyList<double> Epsilons { get; init; } = [1e-3, 5e-4];

    /// <summary>Dimension p of the random subspace (0 skips it).</summary>
    public int SubspaceDimension { get; init; } = 100;

    /// <summary>Quasi-Newton iterations of the ε-sharpness search.</summary>
    public int Iterations { get; init; } = 10;

    /// <summary>Values of α for the line between two solutions (used when a second solution is given).</summary>
    public IReadOnlyList<double> Alphas { get; init; } = LineInterpolation.Alphas(-1, 2, 31);

    /// <summary>Seed of the random starts (Lanczos, power iteration) and of the subspace matrix A.</summary>
    public long Seed { get; init; }

    public void Validate()
    {
        Require(Samples is null or > 0, $"--samples must be positive, got {Samples}");
        Require(Chunk > 0, $"the chunk must be positive, got {Chunk}");
        Require(Eigenvalues >= 0 && LanczosSteps >= 0 && (Eigenvalues == 0 || LanczosSteps >= Eigenvalues), $"--lanczos-steps ({LanczosSteps}) must be at least --eigenvalues ({Eigenvalues})");
        Require(PowerIterations >= 0 && PowerTolerance > 0, "--power-iterations must be ≥ 0 and its tolerance positive");
        Require(Epsilons.Count > 0 && Epsilons.All(e => e > 0 && double.IsFinite(e)), "--epsilons must be positive numbers, e.g. 1e-3,5e-4");
        Require(SubspaceDimension >= 0 && Iterations >= 1, "--subspace must be ≥ 0 and --iterations ≥ 1");
        Require(Alphas.Count >= 2, "the interpolation needs at least 2 values of α");
    }

    static void Require(bool condition, string message)
    {
        if (!condition)
        {
            throw new BatchLabException(message, BatchLabException.BadInput);
        }
    }
}
