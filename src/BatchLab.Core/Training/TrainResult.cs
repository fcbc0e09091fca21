namespace BatchLab.Training;

public enum RunEnd
{
    /// <summary>The budget was used up (or the target met with stop-at-target).</summary>
    Complete,

    /// <summary>A non-finite training loss ended the run: a result, not a failure.</summary>
    Diverged,

    /// <summary>Stopped early by cancellation; resumable from the last checkpoint.</summary>
    Interrupted,

    /// <summary>Stopped early because it was clearly not learning (<see cref="Pruning"/>): a result, never "stable".</summary>
    Pruned,
}

/// <summary>
/// How a run ended. Metric names: train_loss, train_error, val_loss, val_error, test_loss,
/// test_error (errors are fractions; absent for regression). <see cref="WeightsSha256"/> hashes
/// the final state dict so identical runs are recognisable.
/// </summary>
public sealed record TrainResult(
    RunEnd State,
    long Updates,
    double Epochs,
    long Samples,
    double StepSeconds,
    double WallSeconds,
    double PeakLearningRate,
    IReadOnlyDictionary<string, double> Final,
    IReadOnlyDictionary<string, double> Best,
    TargetHit? Target,
    DivergenceInfo? Divergence,
    string WeightsSha256,
    string? PruneReason = null)
{
    /// <summary>Of <see cref="WallSeconds"/>, the seconds spent evaluating.</summary>
    public double EvalSeconds { get; init; }

    /// <summary>Of <see cref="WallSeconds"/>, the seconds spent writing checkpoints.</summary>
    public double CheckpointSeconds { get; init; }
}

/// <summary>Where a run diverged: the update whose loss was non-finite and the last finite loss.</summary>
public sealed record DivergenceInfo(long Update, double? LastFiniteLoss, double Loss);
