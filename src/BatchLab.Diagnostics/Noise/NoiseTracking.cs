using BatchLab.Training;

namespace BatchLab.Diagnostics.Noise;

/// <summary>
/// The micro-batch a run needs for <see cref="NoiseScaleTracker"/>: two batch sizes per update, so
/// M &lt; B. Accumulation is exact in this trainer, so choosing M changes speed and memory, never
/// the trajectory. Without an explicit M the run uses M = ⌈B/2⌉ (a multiple of G when ghost
/// batch norm is on); an explicit M = B is an error, since it leaves a single batch size.
/// </summary>
public static class NoiseTracking
{
    public static TrainOptions WithTwoBatchSizes(TrainOptions options, long trainSize)
    {
        var batch = options.Batch.Resolve(trainSize);
        if (batch < 2)
        {
            throw new BatchLabException("--track-noise needs B ≥ 2: the estimate compares the gradient of the first micro-batch with that of the whole batch");
        }

        if (options.MicroBatch is long given)
        {
            return given < batch ? options : throw new BatchLabException(
                $"--track-noise needs two batch sizes per update, but --micro-batch {given} is the whole batch {batch}; pass --micro-batch {(batch + 1) / 2} (M changes speed, not the result) or leave it out");
        }

        var half = (batch + 1) / 2;
        var micro = options.NormBatch is long g ? Math.Max(g, half / g * g) : half;
        return micro < batch ? options with { MicroBatch = micro } : throw new BatchLabException(
            $"--track-noise needs a micro-batch below B = {batch} that --norm-batch {options.NormBatch} divides; choose a smaller --norm-batch");
    }
}
