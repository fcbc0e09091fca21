namespace BatchLab.Diagnostics.Memory;

/// <summary>
/// Training memory at micro-batch M: predicted by <see cref="MemoryModel"/>, and measured (peak
/// resident memory above the process baseline, in a fresh process) where a measurement was asked
/// for. <paramref name="Error"/> is (predicted − measured) / measured.
/// </summary>
public sealed record MemoryPoint(long MicroBatch, long PredictedBytes, long? MeasuredBytes, double? Error, double? SecondsPerStep, long? BaselineBytes)
{
    public static MemoryPoint From(MemoryModel model, long microBatch, ProbeMeasurement? measured) =>
        measured is null
            ? new(microBatch, model.Predict(microBatch), null, null, null, null)
            : new(microBatch, model.Predict(microBatch), measured.TrainingBytes,
                (model.Predict(microBatch) - measured.TrainingBytes) / (double)measured.TrainingBytes, measured.SecondsPerStep, measured.BaselineBytes);
}
