using BatchLab.Training.Optimizers;

namespace BatchLab.Diagnostics.Memory;

/// <summary>
/// What <see cref="MemoryDiagnostic"/> found: the forward feature maps per sample (with the other
/// common tallies), the memory model's terms, every layer, predicted (and where asked, measured)
/// training memory at each M, and the limit search. Bytes are bytes; per-sample figures are for
/// one input sample.
/// </summary>
public sealed record MemoryResult(
    string Model,
    long[] InputShape,
    int Outputs,
    OptimizerKind Optimizer,
    long Parameters,
    long ParameterBytes,
    long InputFloatsPerSample,
    long FeatureMapFloatsPerSample,
    IReadOnlyList<FeatureMapTally> FeatureMapTallies,
    MemoryModel Prediction,
    IReadOnlyList<LayerActivation> Layers,
    IReadOnlyList<MemoryPoint> Points,
    LimitSearchResult? LimitSearch,
    double Seconds)
{
    /// <summary>Feature maps per sample in megabytes (10⁶ bytes) of float32: how the figure is usually quoted.</summary>
    public double FeatureMapMegabytesPerSample => FeatureMapFloatsPerSample * sizeof(float) / 1e6;

    /// <summary>Mean of |predicted − measured| / measured over the measured micro-batches; null without measurements.</summary>
    public double? MeanAbsoluteError =>
        Points.Where(p => p.Error is not null).Select(p => Math.Abs(p.Error!.Value)).DefaultIfEmpty(double.NaN).Average() is var e && double.IsNaN(e) ? null : e;

    /// <summary>Measured memory fitted as intercept + M × slope (null with fewer than two measured M).</summary>
    public MeasuredFit? Fit => MeasuredFit.Of(Points);
}
