
namespace BatchLab.Diagnostics.Agreement;

/// <summary>
/// What <see cref="GradientAgreement"/> measured: for each set of weights (e.g. initialization
/// and a trained checkpoint) the cosine between mini-batch and full-data gradients at every batch
/// size, against the noise-scale prediction. <see cref="HundredthBatch"/> = N/100 is always among
/// the sizes: "a gradient from 1/100 of the data".
/// </summary>
public sealed record AgreementResult(
    string Data,
    string Model,
    long TrainSize,
    long Population,
    bool WholeTrainingSet,
    long Parameters,
    AgreementOptions Options,
    IReadOnlyList<AgreementPoint> Points,
    double Seconds)
{
    public long HundredthBatch => AgreementOptions.HundredthOf(Population);

    /// <summary>Mean cosine at B = N/100 for each set of weights, in the order of <see cref="Points"/>.</summary>
    public IReadOnlyList<double?> CosineAtHundredth => [.. Points.Select(p => p.Rows.FirstOrDefault(r => r.Batch == HundredthBatch)?.MeanCosine)];
}
