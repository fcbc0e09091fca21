namespace BatchLab.Diagnostics.Memory;

/// <summary>
/// One measured training run of a few steps at micro-batch M in a fresh process: resident memory
/// before the model was built (runtime and libraries), the peak during build and steps, and their
/// difference, which is what <see cref="MemoryModel"/> predicts.
/// </summary>
public sealed record ProbeMeasurement(long MicroBatch, long BaselineBytes, long PeakBytes, int Steps, double SecondsPerStep)
{
    public long TrainingBytes => PeakBytes - BaselineBytes;
}
