using BatchLab.Diagnostics.Memory;
using BatchLab.Diagnostics.Throughput;
using BatchLab.Studies.Analysis;

namespace BatchLab.Studies.Advice;

/// <summary>Expected updates and wall time to the target at the recommended B, and how they were obtained.</summary>
public sealed record TimeToTarget(double Updates, double Seconds, string How);

/// <summary>
/// `advise`: the recommended B, M and η with a reason for each, the expected time to target,
/// a data-parallel projection, and the quick measurements they rest on.
/// </summary>
public sealed record AdviceResult(
    string Data,
    string Model,
    long TrainSize,
    Recommendation Recommendation,
    TimeToTarget? ExpectedTimeToTarget,
    string? TimeToTargetNote,
    MemoryResult Memory,
    long? MaxMicroBatch,
    ThroughputResult Throughput,
    NoiseOverTrainingResult Noise,
    double? NoiseScale,
    LearningRateProbeResult? LearningRateProbe,
    int StudyTrials,
    DataParallelProjection Projection,
    double Seconds)
{
    public string Caveat => DataParallelProjection.Caveat;

    /// <summary>Whether growing B during training would pay (null when the short run gave too few noise readings).</summary>
    public AdaptiveAdvice? Adaptive { get; init; }
}
