using BatchLab.Training;

namespace BatchLab.Diagnostics.Noise;

/// <summary>
/// The micro-batch a run needs for <see cref="NoiseScaleTracker"/>: two batch sizes per update, so
/// M &lt; B. Accumulation is exact in this trainer, so choosing M changes speed and memory, never
/// the trajectory — unless BatchNorm normalises over each pass (G unset): see
/// <see cref="NotAReplay"/>. Without an explicit M the run uses M = ⌈B/2⌉ (a multiple of G when
/// ghost batch norm is on); an explicit M below B is kept; an explicit M = B is an error, since it
/// leaves a single batch size.
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

    /// <summary>
    /// Why a tracked run of <paramref name="original"/> (with <paramref name="tracked"/>'s M) does
    /// not replay it, or null when it does: a model with BatchNorm and G unset normalises over each
    /// pass, so a different M is a different trajectory, and no M &lt; B can keep the statistics
    /// of a pass of B samples.
    /// </summary>
    public static string? NotAReplay(TrainOptions original, TrainOptions tracked, bool hasBatchNorm, long trainSize)
    {
        if (!hasBatchNorm || original.NormBatch is not null)
        {
            return null;
        }

        var (before, after) = (original.Plan(trainSize).MicroBatch, tracked.Plan(trainSize).MicroBatch);
        return before == after ? null
            : $"the tracked run cannot replay the trial exactly: its BatchNorm normalises over each pass (G unset), M = {before:N0} in the trial and {after:N0} with the tracker, so it is a different trajectory (set --norm-batch in the trial to make M irrelevant)";
    }
}
