using BatchLab.Data;
using BatchLab.Runs;
using BatchLab.Text;
using BatchLab.Training;

namespace BatchLab.Studies;

/// <summary>
/// The recommendation put to the test: the recommended (B, η̃) trained alone, in this process, to
/// the study's target with a seed no trial used, beside the time the report predicts for that
/// cell (its own median updates to the target × a solo run's seconds per update at that B). Both count training steps only (evaluation excluded);
/// the run's wall seconds, evaluations included, are given too. The run is made in the study's
/// process, after the throughput stage has warmed it up, as the prediction's timings were: a fresh
/// `batchlab train` process spends its first few hundred updates slower (measured in
/// docs/studies.md), which matters for a target reached in a second or two.
/// </summary>
public sealed record TargetCheck(long Batch, double BaseLearningRate, long Seed, double PredictedUpdates, double PredictedSeconds, double? MeasuredUpdates, double? MeasuredSeconds, double WallSeconds, string Finding)
{
    /// <summary>Measured over predicted step seconds; NaN when the run missed the target.</summary>
    public double Ratio => MeasuredSeconds is double m && PredictedSeconds > 0 ? m / PredictedSeconds : double.NaN;

    /// <summary>A seed none of <paramref name="used"/> is: one above the largest (a check with a stored trial's seed would replay it bit for bit).</summary>
    public static long FreshSeed(IEnumerable<long> used) => used.DefaultIfEmpty(-1).Max() + 1;

    /// <summary>Trains <paramref name="spec"/> (the recommended trial's own spec) to its target and compares with the prediction.</summary>
    public static TargetCheck Run(RunSpec spec, Dataset data, double predictedUpdates, double predictedSeconds, Action<string>? log = null)
    {
        var options = spec.Train with
        {
            Target = spec.Train.Target! with { Stop = true },
            Pruning = null,
        };
        var batch = options.Batch.Resolve(data.Train.Count);
        var rate = options.LearningRate.PeakFor(batch) / batch;
        log?.Invoke($"time-to-target check: training B = {batch:N0}, η̃ = {NumberFormat.Rate(rate)}, seed {options.Seed} alone to {options.Target}");
        TrainResult result;
        using (var trainer = new Trainer(RunFactory.CreateModel(spec, data), data, options))
        {
            result = trainer.Run();
        }

        var hit = result.Target;
        string N(double v) => NumberFormat.General.Format(v);
        var finding = hit is null
            ? $"The recommended B = {batch:N0} at η̃ = {NumberFormat.Rate(rate)} (seed {options.Seed}), trained alone, did not reach {options.Target} within its budget ({N(result.Updates)} updates); the predicted {NumberFormat.Duration.Format(predictedSeconds)} is not confirmed."
            : Compare(batch, rate, options.Seed, predictedUpdates, predictedSeconds, hit.CrossingUpdate, hit.CrossingStepSeconds, result.WallSeconds);
        return new TargetCheck(batch, rate, options.Seed, predictedUpdates, predictedSeconds, hit?.CrossingUpdate, hit?.CrossingStepSeconds, result.WallSeconds, finding);
    }

    static string Compare(long batch, double rate, long seed, double predictedUpdates, double predictedSeconds, double updates, double seconds, double wall)
    {
        string N(double v) => NumberFormat.General.Format(v);
        var ratio = seconds / predictedSeconds;
        var verdict = Math.Abs(ratio - 1) <= 0.3 ? "within 30%: the prediction holds" : "more than 30% off: read the time-to-target ranking with that margin";
        return $"Predicted {NumberFormat.Duration.Format(predictedSeconds)} to the target at B = {batch:N0}, η̃ = {NumberFormat.Rate(rate)}; a solo run of it (seed {seed}, which no trial of the study used, in this process after its warm-up) took {NumberFormat.Duration.Format(seconds)} of training steps ({N(ratio)}× the prediction, {verdict}). "
            + $"Updates: {N(updates)} measured against {N(predictedUpdates)} predicted (the median over the study's seeds); the run's wall time with its evaluations was {NumberFormat.Duration.Format(wall)}.";
    }
}
