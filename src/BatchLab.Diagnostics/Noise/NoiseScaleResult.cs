using BatchLab.Diagnostics.Gradients;

namespace BatchLab.Diagnostics.Noise;

/// <summary>
/// The gradient noise scale of one model at one set of weights (<c>diagnose noise</c>):
/// the squared gradient norms drawn at each batch size, the two-batch estimate of every pair,
/// and the headline estimate (widest pair) with its bootstrap interval.
/// </summary>
public sealed record NoiseScaleResult(
    DiagnosedModel Subject,
    long TrainSize,
    long Parameters,
    NoiseScaleOptions Options,
    NoiseScaleMeasurement Measurement,
    double Seconds)
{
    public SizesEstimate Estimate => Measurement.Estimate;
}
