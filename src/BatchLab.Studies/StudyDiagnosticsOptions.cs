using BatchLab.Diagnostics.Agreement;
using BatchLab.Diagnostics.Noise;
using BatchLab.Diagnostics.Sharpness;
using BatchLab.Diagnostics.Throughput;
using BatchLab.Saddle;

namespace BatchLab.Studies;

/// <summary>
/// The diagnostics a study runs beside its sweep; a null entry is skipped (and its report section
/// says so). Noise and agreement are measured at initialisation and at the best trained solution;
/// sharpness at the best solutions of the smallest and the largest batch size, with the line
/// between them; memory for the study's model; saddle escape on its own small problem.
/// </summary>
public sealed record StudyDiagnosticsOptions
{
    public ThroughputOptions? Throughput { get; init; }

    public NoiseScaleOptions? Noise { get; init; }

    public AgreementOptions? Agreement { get; init; }

    public SharpnessOptions? Sharpness { get; init; }

    /// <summary>Memory limit for the largest micro-batch (bytes); null = skip the memory section.</summary>
    public long? MemoryLimit { get; init; }

    /// <summary>Micro-batches whose peak memory is measured in fresh processes to check the model.</summary>
    public IReadOnlyList<long> MemoryMeasured { get; init; } = [];

    /// <summary>Confirm the largest micro-batch under the limit by measured probes (fresh processes, seconds each); else from the model alone.</summary>
    public bool MemorySearch { get; init; } = true;

    public SaddleEscapeOptions? Saddle { get; init; }
}
