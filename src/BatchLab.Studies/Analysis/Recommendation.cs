namespace BatchLab.Studies.Analysis;

/// <summary>
/// What the recommendation is built from; every part is optional. Batch sizes are samples.
/// <see cref="HardwareKnee"/> is the smallest B reaching 80% of the best samples/s;
/// <see cref="MaxMicroBatch"/> the largest micro-batch that fits the memory limit;
/// <see cref="Critical"/> B_crit = B_noise of the fit to a study's steps to target (E_min/S_min is the same number), with its interval.
/// </summary>
public sealed record RecommendationInputs(
    long TrainSize,
    IReadOnlyList<BatchBest>? Generalization = null,
    IReadOnlyList<BatchSteps>? Steps = null,
    double? NoiseScale = null,
    long? HardwareKnee = null,
    long? MaxMicroBatch = null,
    double? ProbedBaseLearningRate = null,
    CriticalBatch? Critical = null)
{
    /// <summary><see cref="NoiseScale"/> is only a lower bound: the tracker could not measure B_simple at the batch size it ran.</summary>
    public bool NoiseScaleIsLowerBound { get; init; }

    /// <summary>Every grid cell (B, η̃): the answer chooses a cell, not a batch size; null = only <see cref="Generalization"/>'s best cell per B.</summary>
    public IReadOnlyList<GridCell>? Grid { get; init; }

    /// <summary>Every cell's steps and time to the target; null = only <see cref="Steps"/> (each B's fastest rate, which predicts no other rate).</summary>
    public IReadOnlyList<CellSteps>? Cells { get; init; }

    /// <summary>Samples the selection error is measured on (validation, else test), for its binomial standard error; null = unknown.</summary>
    public long? SelectionSamples { get; init; }

    /// <summary>The selection metric is an error rate in [0, 1] (classification), not a loss.</summary>
    public bool SelectionIsErrorRate { get; init; } = true;

    /// <summary>The target in words ("val_error ≤ 0.05"), for the trade-off lines.</summary>
    public string Target { get; init; } = "the target";
}

/// <summary>A recommended batch, micro-batch and learning rate, each with its reason.</summary>
public sealed record Recommendation(
    long Batch,
    long MicroBatch,
    double? LearningRate,
    double? BaseLearningRate,
    double? ExpectedSecondsToTarget,
    IReadOnlyList<string> Reasons)
{
    /// <summary>The recommended cell's own updates to the target (median over its seeds); null without a time.</summary>
    public double? ExpectedUpdatesToTarget { get; init; }

    /// <summary>Fastest to the target, lowest final error, and the rule that chose between them; null without a study.</summary>
    public TradeOff? TradeOff { get; init; }

    public string Target { get; init; } = "the target";
}
