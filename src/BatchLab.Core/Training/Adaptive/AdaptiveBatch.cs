using System.Globalization;

namespace BatchLab.Training.Adaptive;

/// <summary>Which rule changes B during training.</summary>
public enum BatchPolicyKind
{
    /// <summary>Pollux/AdaptDL: at intervals, the B that maximises goodput = throughput(B) × statistical efficiency(B).</summary>
    Goodput,

    /// <summary>Smith, Kindermans, Ying and Le (2018): B grows by a factor where a step schedule would decay η.</summary>
    Schedule,
}

/// <summary>How η follows B when B changes: η = η₀ × factor, relative to η₀ at the base batch B₀.</summary>
public enum LrScalingRule
{
    /// <summary>AdaScale's gain r = (σ² + ‖G‖²)/(σ²/S + ‖G‖²) = S·(B_noise + B₀)/(B_noise + B), S = B/B₀ (capped).</summary>
    AdaScale,

    /// <summary>η₀·√(B/B₀) (Krizhevsky 2014; Hoffer et al. 2017), capped.</summary>
    Sqrt,

    /// <summary>η₀·B/B₀ (Goyal et al. 2017), capped.</summary>
    Linear,

    /// <summary>η₀ whatever B is.</summary>
    None,
}

/// <summary>
/// An adaptive batch size: B starts at <see cref="Min"/> (also the base batch B₀ that η and η̃
/// refer to) and a <see cref="Policy"/> changes it during training, never outside
/// [<see cref="Min"/>, <see cref="Max"/>] and always a multiple of M. Every update is still the
/// exact mean gradient over its own B samples, and a run resumes bit-identically: the policy's
/// state, and the throughput curve it decides on, are in the checkpoint.
/// Written on the command line as <c>--batch adaptive[:policy=goodput,min=32,max=4096,lr=adascale,cap=8,every=0.1ep,factor=2,gain=0.05]</c>.
/// </summary>
public sealed record AdaptiveBatch
{
    public BatchPolicyKind Policy { get; init; } = BatchPolicyKind.Goodput;

    /// <summary>B₀: the first and smallest B; the learning rate given is η at this B.</summary>
    public long Min { get; init; } = 32;

    public long Max { get; init; } = 4096;

    public LrScalingRule Lr { get; init; } = LrScalingRule.AdaScale;

    /// <summary>Most η may grow over η₀ (any rule): large-batch rates past this diverge in practice.</summary>
    public double LrCap { get; init; } = 8;

    /// <summary>Goodput: how often B is reconsidered (training progress; converted at B₀).</summary>
    public Duration Every { get; init; } = Duration.Epochs(0.1);

    /// <summary>Schedule: B is multiplied by this at each drop; goodput: most B may grow in one decision.</summary>
    public double Factor { get; init; } = 2;

    /// <summary>Goodput: change B only when the predicted goodput gain is at least this fraction (no flapping).</summary>
    public double MinGain { get; init; } = 0.05;

    /// <summary>Schedule: fractions of the budget where B grows (default: the step schedule's, 0.5 and 0.75; empty: never).</summary>
    public IReadOnlyList<double>? Drops { get; init; }

    public void Validate(long microBatch, long trainSize)
    {
        if (Min < 1 || Max < Min)
        {
            throw new BatchLabException($"adaptive batch: need 1 ≤ min ≤ max, got min={Min}, max={Max}", BatchLabException.BadInput);
        }

        if (Min > trainSize)
        {
            throw new BatchLabException($"adaptive batch: min={Min} is larger than the training set ({trainSize.ToString("N0", CultureInfo.InvariantCulture)} samples)", BatchLabException.BadInput);
        }

        if (Min % microBatch != 0)
        {
            throw new BatchLabException($"adaptive batch: min={Min} must be a multiple of the micro-batch M = {microBatch} (every B the policy picks is)", BatchLabException.BadInput);
        }

        if (LrCap < 1 || !(Factor > 1) || MinGain is < 0 or >= 1)
        {
            throw new BatchLabException($"adaptive batch: cap ≥ 1, factor > 1 and gain in [0, 1) (got cap={LrCap}, factor={Factor}, gain={MinGain})", BatchLabException.BadInput);
        }

        if (Drops is { } drops && drops.Any(d => d is <= 0 or >= 1))
        {
            throw new BatchLabException("adaptive batch: drops are fractions of the budget strictly between 0 and 1", BatchLabException.BadInput);
        }
    }

    /// <summary>The largest multiple of M in [min, max] not above <paramref name="batch"/> (and not above N).</summary>
    public long Clamp(long batch, long microBatch, long trainSize)
    {
        var top = Math.Min(Max, trainSize) / microBatch * microBatch;
        var b = Math.Clamp(batch, Min, Math.Max(Min, top));
        return Math.Max(Min, b / microBatch * microBatch);
    }

    /// <summary>η / η₀ at B under <see cref="Lr"/>; <paramref name="efficiency"/> is (B_noise + B₀)/(B_noise + B) for AdaScale.</summary>
    public double RateScale(long batch, double efficiency)
    {
        var s = (double)batch / Min;
        var factor = Lr switch
        {
            LrScalingRule.AdaScale => s * efficiency,
            LrScalingRule.Sqrt => Math.Sqrt(s),
            LrScalingRule.Linear => s,
            _ => 1,
        };
        return Math.Clamp(factor, 1, LrCap);
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"adaptive:policy={Policy.ToString().ToLowerInvariant()},min={Min},max={Max},lr={Lr.ToString().ToLowerInvariant()},cap={LrCap},every={Every},factor={Factor},gain={MinGain}")
        + (Drops is { } d ? $",drops={(d.Count == 0 ? "none" : string.Join('/', d.Select(x => x.ToString(CultureInfo.InvariantCulture))))}" : "");
}
