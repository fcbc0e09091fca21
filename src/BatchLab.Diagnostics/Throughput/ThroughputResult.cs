
namespace BatchLab.Diagnostics.Throughput;

/// <summary>
/// What <see cref="ThroughputMeasurement"/> measured: training rate at each batch size, the
/// model's arithmetic per sample, the device's matmul ceiling (measured before and after the
/// sweep; <see cref="Ceiling"/> is the faster), and the knee.
/// </summary>
public sealed record ThroughputResult(
    string Data,
    string Model,
    string Device,
    int Threads,
    ModelFlops Arithmetic,
    MatmulCeiling Ceiling,
    IReadOnlyList<MatmulCeiling> CeilingMeasurements,
    ThroughputOptions Options,
    IReadOnlyList<ThroughputRow> Rows,
    ThroughputKnee Knee,
    double Seconds)
{
    public double TrainingFlopsPerSample => Arithmetic.TrainingFlopsPerSample;

    /// <summary>"cpu, 2 threads": where it ran, as written in findings and titles.</summary>
    public string Where => $"{Device}, {Threads} {(Threads == 1 ? "thread" : "threads")}";

    public string CountingRule => "FLOPs per training sample = 2 × (3 × forward multiply-adds − those of the first layer): forward, weight gradients, and input gradients of every layer but the first; only linear and convolution layers counted";
}
