using System.Text.Json.Serialization;
using BatchLab.Plots;

namespace BatchLab.Diagnostics.Throughput;

/// <summary>
/// What <see cref="ThroughputMeasurement"/> measured: training rate at each batch size, the
/// model's arithmetic per sample, the device's matmul ceiling, and the knee.
/// </summary>
public sealed record ThroughputResult(
    string Data,
    string Model,
    string Device,
    int Threads,
    long ForwardMultiplyAddsPerSample,
    double TrainingFlopsPerSample,
    MatmulCeiling Ceiling,
    ThroughputOptions Options,
    IReadOnlyList<ThroughputRow> Rows,
    ThroughputKnee Knee,
    double Seconds) : IArtifacts
{
    public string CountingRule => "FLOPs per training sample = 3 × 2 × forward multiply-adds of linear and convolution layers (backward = 2 × forward; biases, activations, normalization and pooling not counted)";

    public string Finding => ThroughputFinding.Describe(this);

    [JsonIgnore]
    public IReadOnlyList<DataTable> Tables => ThroughputTables.Build(this);

    [JsonIgnore]
    public IReadOnlyList<PlotSpec> Plots => ThroughputPlots.Build(this);
}
