using BatchLab.Data;
using BatchLab.Text;

namespace BatchLab.Training;

/// <summary>
/// Stops a run that is clearly not learning, at an evaluation after <see cref="After"/> of its
/// budget (the warm-up of Optuna's MedianPruner, n_warmup_steps; ASHA's first rung): for
/// classification, when its training error is within <see cref="ChanceMargin"/> of chance (always
/// answering the most frequent class) and its training loss made no progress from its start
/// (the trend, not the level: a slow small rate is learning); for regression, when its training loss is not below the
/// loss it started from. (A classifier whose error fell well below chance is learning even when
/// its loss, inflated by a few confident mistakes, sits above the start: measured on a 2,000-sample
/// slice of MNIST at B = 32, η = 0.5 — error 72% against 88% for chance, loss 2.45 against 2.32.) Unlike a median pruner it compares a run only with its own start and with chance, so
/// it needs no other trials, prunes the same in a fused group as alone, and never stops a run
/// that is learning, however slowly. A pruned run ends PRUNED: a result, never "stable".
/// Cost: nothing beyond the evaluations the run makes anyway.
/// </summary>
/// <param name="After">Fraction of the budget's updates before the first decision (0–1).</param>
/// <param name="ChanceMargin">How close to the chance error (fraction, e.g. 0.02 = 2 points) counts as "at chance".</param>
public sealed record Pruning(double After = 0.25, double ChanceMargin = 0.02)
{
    /// <summary>The default of the presets: decide from a quarter of the budget on, 2 points of chance.</summary>
    public static Pruning Default { get; } = new();

    public void Validate()
    {
        if (After is <= 0 or > 1 || ChanceMargin is < 0 or >= 1)
        {
            throw new BatchLabException($"pruning needs a warm-up fraction in (0, 1] and a chance margin in [0, 1), got {After} and {ChanceMargin}");
        }
    }

    /// <summary>The relative fall of the training loss from its start that counts as progress.</summary>
    public const double ProgressFraction = 1e-4;

    /// <summary>
    /// Why the run should stop now, or null. <paramref name="startLoss"/> is the training loss of
    /// the evaluation before the first update; <paramref name="chanceError"/> null for regression.
    /// </summary>
    public string? Check(IReadOnlyDictionary<string, double> values, long update, long? totalUpdates, double? startLoss, double? chanceError)
    {
        if (totalUpdates is not long total || total <= 0 || update < Math.Ceiling(After * total) || update == 0)
        {
            return null;
        }

        var budget = NumberFormat.Percent(0).Format((double)update / total);
        if (chanceError is double chance && values.TryGetValue("train_error", out var error))
        {
            // On the trend, not the level: a small rate whose error is still at chance but whose
            // loss has fallen below its start is learning slowly, not "not learning" (B = 256 at
            // η̃ = 2^-15 was pruned at update 4 of 16 on the level alone and then bracketed the
            // rate search). Without a start loss (a resumed old run) the level decides, as before.
            // Progress is a fall of more than 1e-4 of the start: a rate so small that float32
            // rounding moves only a few weights (η = 1e-9) changes the loss by about 1e-10 of
            // itself and is not learning, while the slowest rate of a grid falls by 1e-3 or more.
            var progressed = values.TryGetValue("train_loss", out var now) && startLoss is double first && double.IsFinite(now) && now < first - (ProgressFraction * Math.Abs(first));
            return error >= chance - ChanceMargin && !progressed
                ? $"not learning: its training error {NumberFormat.Percent(1).Format(error)} is at chance ({NumberFormat.Percent(1).Format(chance)}, always answering the most frequent class) and its training loss is not below its start after {budget} of its budget"
                : null;
        }

        return values.TryGetValue("train_loss", out var loss) && startLoss is double start && double.IsFinite(loss) && loss >= start
            ? $"not learning: its training loss {NumberFormat.General.Format(loss)} is not below its start {NumberFormat.General.Format(start)} after {budget} of its budget"
            : null;
    }

    /// <summary>
    /// What <see cref="Check"/> at <paramref name="update"/> reads and where it prunes: train_error
    /// at or above chance − margin (classification), train_loss at or above its start (regression);
    /// null before the check is due. An evaluation screen (<see cref="EvalScreen"/>) keeps a screened
    /// training value only when it lies clearly below this threshold.
    /// </summary>
    public (string Metric, double Threshold)? Threshold(long update, long? totalUpdates, double? startLoss, double? chanceError)
    {
        if (totalUpdates is not long total || total <= 0 || update < Math.Ceiling(After * total) || update == 0)
        {
            return null;
        }

        return chanceError is double chance ? ("train_error", chance - ChanceMargin)
            : startLoss is double start ? ("train_loss", start)
            : null;
    }

    /// <summary>The error of always answering the training set's most frequent class; null for regression.</summary>
    public static double? ChanceError(Dataset data)
    {
        if (data.Task != TaskKind.Classification || data.Train.Count == 0)
        {
            return null;
        }

        using var counts = data.Train.Targets.to(TorchSharp.torch.CPU).to_type(TorchSharp.torch.ScalarType.Int64).bincount(null, data.Classes);
        return 1 - ((double)counts.max().item<long>() / data.Train.Count);
    }
}
