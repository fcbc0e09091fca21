namespace BatchLab.Training;

public enum LrScaling
{
    /// <summary>η = the given rate, whatever B is.</summary>
    None,

    /// <summary>η = lr · B / B₀ (Goyal et al. 2017).</summary>
    Linear,

    /// <summary>η = lr · √(B / B₀) (Krizhevsky 2014; Hoffer et al. 2017).</summary>
    Sqrt,
}

public enum ScheduleKind
{
    Constant,

    /// <summary>Multiply by DropFactor at each fraction of the budget in Drops.</summary>
    Step,

    /// <summary>Half-cosine from the peak to FinalFraction · peak over the budget.</summary>
    Cosine,

    /// <summary>Linear decay to FinalFraction · peak over the budget (Shallue et al. 2018).</summary>
    Linear,
}

/// <summary>
/// How the per-update learning rate η is chosen. Exactly one of <see cref="Lr"/> (η itself, or the
/// rate at <see cref="RefBatch"/> under <see cref="Scaling"/>) and <see cref="BaseLr"/> (Masters &amp;
/// Luschi's per-sample rate η̃, η = B·η̃) is set. Warm-up ramps linearly from η/WarmupUpdates to η.
/// </summary>
public sealed record LearningRateOptions(
    double? Lr = null,
    double? BaseLr = null,
    LrScaling Scaling = LrScaling.None,
    long? RefBatch = null,
    Duration? Warmup = null,
    ScheduleKind Schedule = ScheduleKind.Constant,
    IReadOnlyList<double>? Drops = null,
    double DropFactor = 0.1,
    double FinalFraction = 0.0)
{
    /// <summary>
    /// Checks what does not depend on B: one of the two rates, positive and finite; a step
    /// schedule's drops inside the budget (fractions in (0, 1)) and a drop factor in (0, 1]
    /// (a negative factor flips the sign of η, 0 stops training, above 1 is a rise, not a
    /// drop); a final fraction in [0, 1].
    /// </summary>
    public void Validate()
    {
        PeakFor(RefBatch is > 0 ? RefBatch.Value : 1);
        if (RefBatch is <= 0)
        {
            throw new BatchLabException($"--ref-batch must be a positive batch size, got {RefBatch}");
        }

        if (Drops?.Where(d => !(d > 0 && d < 1)).Cast<double?>().FirstOrDefault() is double drop)
        {
            throw new BatchLabException($"--drops are fractions of the budget strictly between 0 and 1 (e.g. 0.5,0.75), got {drop}");
        }

        if (!(DropFactor > 0 && DropFactor <= 1))
        {
            throw new BatchLabException($"--drop-factor must be in (0, 1] (η is multiplied by it at each drop, e.g. 0.1), got {DropFactor}");
        }

        if (!(FinalFraction >= 0 && FinalFraction <= 1))
        {
            throw new BatchLabException($"--final-lr is a fraction of the peak rate in [0, 1], got {FinalFraction}");
        }
    }

    /// <summary>The peak per-update rate η for update batch <paramref name="batch"/>.</summary>
    public double PeakFor(long batch)
    {
        if (Lr is null == BaseLr is null)
        {
            throw new BatchLabException("give exactly one of --lr (per-update rate η) and --base-lr (per-sample rate η̃, η = B·η̃)");
        }

        var rate = Lr ?? BaseLr!.Value;
        if (!(rate > 0) || double.IsInfinity(rate))
        {
            throw new BatchLabException($"learning rate must be a positive finite number, got {rate}");
        }

        if (BaseLr is not null)
        {
            return InFloat32(Scaling == LrScaling.None
                ? batch * rate
                : throw new BatchLabException("--lr-scaling applies to --lr; --base-lr already scales linearly (η = B·η̃)"));
        }

        if (Scaling == LrScaling.None)
        {
            return InFloat32(rate);
        }

        var reference = RefBatch is > 0
            ? RefBatch.Value
            : throw new BatchLabException("--lr-scaling needs --ref-batch B0, the batch size at which --lr was tuned");
        var ratio = (double)batch / reference;
        return InFloat32(Scaling == LrScaling.Linear ? rate * ratio : rate * Math.Sqrt(ratio));
    }

    /// <summary>
    /// The rate as the optimizers apply it, in float32: above 3.4e38 it overflows (an internal
    /// error later), below 1.4e-45 it becomes 0 (a run that never moves).
    /// </summary>
    static double InFloat32(double rate) => (float)rate is var single && float.IsFinite(single) && single > 0
        ? rate
        : throw new BatchLabException($"learning rate {rate.ToString(System.Globalization.CultureInfo.InvariantCulture)} is outside float32's range (about 1.4e-45 to 3.4e38), where training computes");
}
