using System.Globalization;

namespace BatchLab.Training;

/// <summary>
/// The three batch sizes of a run, resolved against the training set and validated:
/// B samples per weight update, M samples per forward/backward pass (memory only), and G samples
/// per BatchNorm statistic (ghost batch norm; null = the whole pass). The update gradient is the
/// mean over exactly the B samples, whatever M is.
/// </summary>
public sealed record BatchPlan(long Batch, long MicroBatch, long? NormBatch, long TrainSize, bool DropLast, SamplingMode Sampling)
{
    /// <summary>Updates in one epoch (one pass over the training set).</summary>
    public long UpdatesPerEpoch => Sampling == SamplingMode.Replacement || DropLast
        ? Math.Max(1, TrainSize / Batch)
        : (TrainSize + Batch - 1) / Batch;

    /// <summary>Samples of the last update of an epoch (smaller than B when B does not divide N).</summary>
    public long LastUpdateSize => Sampling == SamplingMode.Replacement || DropLast || TrainSize % Batch == 0
        ? Batch
        : TrainSize % Batch;

    /// <summary>Forward/backward passes per full update: ⌈B/M⌉.</summary>
    public long MicroBatchesPerUpdate => (Batch + MicroBatch - 1) / MicroBatch;

    /// <summary>Samples an epoch feeds through the model (N, or less with drop-last).</summary>
    public long SamplesPerEpoch => (UpdatesPerEpoch - 1) * Batch + LastUpdateSize;

    /// <summary>
    /// Resolves B, M (default B) and G (default none: statistics over each pass) and rejects
    /// inconsistent combinations with a message saying what to change.
    /// </summary>
    /// <summary>
    /// What to say before training a model with BatchNorm when G is unset: its statistics are then
    /// taken over each forward pass of M samples, so M — otherwise speed and memory only — changes
    /// the result. Null when G is set or the model has no BatchNorm.
    /// </summary>
    public string? NormBatchWarning(bool hasBatchNorm) => hasBatchNorm && NormBatch is null
        ? $"G is unset on a model with BatchNorm: its statistics are taken over each pass of M = {MicroBatch.ToString("N0", CultureInfo.InvariantCulture)} samples, so results depend on M (the micro-batch); set --norm-batch to make them depend on G alone"
        : null;

    public static BatchPlan Create(BatchSize batch, long? microBatch, long? normBatch, long trainSize, bool dropLast = false, SamplingMode sampling = SamplingMode.Shuffle)
    {
        if (trainSize <= 0)
        {
            throw new BatchLabException("the training set is empty");
        }

        if (batch.Samples is long b && b > trainSize)
        {
            throw new BatchLabException(
                $"batch size {b} is larger than the training set ({trainSize.ToString("N0", CultureInfo.InvariantCulture)} samples); use --batch full for batch gradient descent");
        }

        var B = batch.Resolve(trainSize);
        var M = microBatch ?? B;
        if (M <= 0)
        {
            throw new BatchLabException($"micro-batch must be positive, got {M}");
        }

        if (M > B)
        {
            throw new BatchLabException($"micro-batch {M} is larger than the batch {B}; a micro-batch splits one update, so use --micro-batch ≤ {B}");
        }

        if (normBatch is long g)
        {
            if (g <= 0)
            {
                throw new BatchLabException($"normalization batch must be positive, got {g}");
            }

            // Chunks of G are counted from the start of each update; G | M keeps every chunk
            // inside one pass, so the chunks (and the result) do not depend on M. Only the last
            // chunk of an update may be shorter (when G does not divide B or the epoch's tail).
            if (M % g != 0)
            {
                throw new BatchLabException(
                    $"normalization batch {g} must divide the micro-batch {M} so BatchNorm chunks never straddle passes; choose --norm-batch among the divisors of {M}");
            }
        }

        return new BatchPlan(B, M, normBatch, trainSize, dropLast, sampling);
    }
}
