using System.Globalization;
using BatchLab.Text;

namespace BatchLab.Studies.Analysis;

/// <summary>
/// Chooses B, M and η from what was measured, and says why. B: among the batch sizes whose
/// validation error is within the seed spread of the best (statistically indistinguishable; the
/// test set is only reported), the one that reaches the target soonest on this machine; without a study, B ≈ B_simple (McCandlish et al.:
/// below it steps fall almost in proportion to B, above it returns diminish), capped by the
/// hardware knee only when that is larger. M: B, or the largest power of two the memory allows.
/// η: B · η̃ at that B's best measured η̃.
/// </summary>
public static class Recommender
{
    static readonly CultureInfo I = CultureInfo.InvariantCulture;

    public static Recommendation Recommend(RecommendationInputs inputs)
    {
        var reasons = new List<string>();
        var (batch, rate, seconds) = ChooseBatch(inputs, reasons);
        if (inputs.Critical is { } c && double.IsFinite(c.Value) && c.Value > 0)
        {
            var value = $"B_crit = E_min/S_min = {NumberFormat.General.Format(c.Value)}"
                + (c.HasInterval ? $" (90% interval {NumberFormat.General.Format(c.Low)} to {NumberFormat.General.Format(c.High)})" : " (no interval)");
            reasons.Add(c.HasInterval && batch >= c.Low && batch <= c.High
                ? $"B = {batch:N0} lies within the interval of the critical batch {value}: whether it is above or below it is not resolved by this study."
                : batch <= c.Value
                    ? $"B = {batch:N0} is below the critical batch {value}, fitted to the study's steps and samples to target: up to B_crit, doubling B nearly halves the updates, so larger batches up to it cost few extra samples."
                    : $"B = {batch:N0} is above the critical batch {value}, fitted to the study's steps and samples to target: beyond B_crit, doubling B saves less than half the updates and costs more samples; it is chosen for its validation error and time here.");
        }

        var micro = batch;
        if (inputs.MaxMicroBatch is long cap && cap < batch)
        {
            micro = 1L << (int)Math.Floor(Math.Log2(Math.Max(1, cap)));
            reasons.Add(string.Create(I, $"M = {micro}: the largest power of two within the memory limit (at most {cap} samples per pass fit); gradient accumulation over {(batch + micro - 1) / micro} micro-batches gives exactly the update of B = {batch}."));
        }
        else
        {
            reasons.Add(inputs.MaxMicroBatch is long fits
                ? string.Create(I, $"M = B = {batch}: one pass per update fits in memory (up to {fits:N0} samples per pass fit).")
                : string.Create(I, $"M = B = {batch}: no memory limit was given."));
        }

        rate ??= inputs.ProbedBaseLearningRate;
        if (rate is double r)
        {
            reasons.Add(string.Create(I, $"η = B·η̃ = {batch} × {NumberFormat.Rate(r)} = {batch * r:G3} per update ({(inputs.Generalization is null ? "from the short learning-rate probe" : "the best measured η̃ at this B")})."));
        }

        return new Recommendation(batch, micro, rate is double x ? x * batch : null, rate, seconds, reasons);
    }

    static (long Batch, double? Rate, double? Seconds) ChooseBatch(RecommendationInputs inputs, List<string> reasons)
    {
        var tuned = inputs.Generalization?.Where(b => double.IsFinite(b.MedianTestError)).ToList() ?? [];
        if (tuned.Count > 0)
        {
            var best = tuned.MinBy(Findings.Selection)!;
            var (validated, tolerance) = Findings.SelectionSpread(best);
            var candidates = tuned.Where(b => Findings.Selection(b) <= Findings.Selection(best) + tolerance).ToList();
            var timed = candidates
                .Select(c => (c, Steps: inputs.Steps?.FirstOrDefault(s => s.Batch == c.Batch)))
                .Where(p => p.Steps is { } s && double.IsFinite(s.Seconds))
                .ToList();
            var choice = timed.Count > 0 ? timed.MinBy(p => p.Steps!.Seconds).c : candidates.MaxBy(c => c.Batch)!;
            var seconds = timed.Count > 0 ? timed.MinBy(p => p.Steps!.Seconds).Steps!.Seconds : (double?)null;
            var why = seconds is double t
                ? $"and among those {candidates.Count} batch sizes it reaches the target soonest here ({NumberFormat.Duration.Format(t)} predicted from its updates to the target × a solo run's seconds per update at that B)."

                : string.Create(I, $"and it is the largest of those {candidates.Count} batch sizes, so it uses the hardware best.");
            var split = validated ? "validation" : "test";
            reasons.Add(string.Create(I,
                $"B = {NumberFormat.Batch(choice.Batch, choice.FullBatch)}: its median {split} error {NumberFormat.Percent(2).Format(Findings.Selection(choice))} is within the seed spread of the best ({NumberFormat.Percent(2).Format(Findings.Selection(best))} at B = {NumberFormat.Batch(best.Batch, best.FullBatch)}, spread ±{NumberFormat.General.Format(tolerance * 100)} points){(validated ? $" (test error {NumberFormat.Percent(2).Format(choice.MedianTestError)}, reported only)" : "")}, {why}"));
            return (choice.Batch, choice.BestBaseLearningRate, seconds);
        }

        if (inputs.NoiseScale is double noise && double.IsFinite(noise) && noise > 0)
        {
            var b = Math.Clamp(1L << (int)Math.Round(Math.Log2(noise)), 1, inputs.TrainSize);
            reasons.Add(inputs.NoiseScaleIsLowerBound
                ? $"B = {b:N0}: the power of two nearest the lower bound B_simple ≥ {NumberFormat.General.Format(noise)} (the tracker could not measure B_simple at the batch size it ran, which is below it; McCandlish et al. 2018: below B_simple, steps fall almost in proportion to B)."
                : $"B = {b:N0}: the power of two nearest the measured noise scale B_simple = {NumberFormat.General.Format(noise)} (McCandlish et al. 2018: below it, steps fall almost in proportion to B; above it, extra samples per update buy little).");
            if (inputs.HardwareKnee is long knee && knee > b)
            {
                reasons.Add(string.Create(I, $"The hardware reaches 80% of its best samples/s only from B = {knee}; smaller batches leave the machine partly idle (consider training several trials fused)."));
            }

            return (b, null, null);
        }

        var fallback = Math.Min(inputs.HardwareKnee ?? 32, inputs.TrainSize);
        reasons.Add(string.Create(I, $"B = {fallback}: {(inputs.HardwareKnee is null ? "no measurement was available, so the common default" : "the hardware knee (smallest B reaching 80% of the best samples/s); no noise-scale or study results were available")}."));
        return (fallback, null, null);
    }
}
