namespace BatchLab.Studies.Analysis;

/// <summary>
/// What the recommendation is built from; every part is optional. Batch sizes are samples.
/// <see cref="HardwareKnee"/> is the smallest B reaching 80% of the best samples/s;
/// <see cref="MaxMicroBatch"/> the largest micro-batch that fits the memory limit;
/// <see cref="Critical"/> B_crit = E_min/S_min of the fits to a study's steps and samples to target, with its interval.
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
}

/// <summary>A recommended batch, micro-batch and learning rate, each with its reason.</summary>
public sealed record Recommendation(
    long Batch,
    long MicroBatch,
    double? LearningRate,
    double? BaseLearningRate,
    double? ExpectedSecondsToTarget,
    IReadOnlyList<string> Reasons);
