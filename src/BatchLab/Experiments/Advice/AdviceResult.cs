using BatchLab.Analysis;
using BatchLab.Diagnostics.Memory;
using BatchLab.Diagnostics.Throughput;
using BatchLab.Experiments.Studies;
using BatchLab.Plots;

namespace BatchLab.Experiments.Advice;

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
    double Seconds) : IArtifacts
{
    public string Caveat => DataParallelProjection.Caveat;

    public IReadOnlyList<PlotSpec> Plots =>
    [
        .. Throughput.Plots, .. Noise.Plots, .. Memory.Plots,
        .. LearningRateProbe is { } probe ? [probe.Plot] : Array.Empty<PlotSpec>(),
    ];

    public IReadOnlyList<DataTable> Tables =>
    [
        .. Throughput.Tables, .. Noise.Tables, .. Memory.Tables,
        .. LearningRateProbe is { } probe ? [probe.Table] : Array.Empty<DataTable>(),
        new DataTable("data_parallel_projection", ["workers", "per_worker_batch", "compute_s", "all_reduce_s", "s_per_update", "speedup", "s_to_target"],
            [.. Projection.Rows.Select(p => (IReadOnlyList<object?>)[p.Workers, p.PerWorkerBatch, p.ComputeSeconds, p.CommunicationSeconds, p.SecondsPerUpdate, p.Speedup, p.SecondsToTarget])]),
    ];
}
