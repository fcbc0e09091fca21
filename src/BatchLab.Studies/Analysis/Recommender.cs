using System.Globalization;
using BatchLab.Text;

namespace BatchLab.Studies.Analysis;

/// <summary>
/// Chooses B, M and η from what was measured, and says why. B and η̃: one grid cell, by
/// <see cref="TradeOffRule"/> (the lowest validation error; among the cells indistinguishable from
/// it, the one that reaches the target soonest on this machine; the test set is only reported),
/// and the time predicted is that cell's own; without a study, B ≈ B_simple (McCandlish et al.:
/// below it steps fall almost in proportion to B, above it returns diminish), capped by the
/// hardware knee only when that is larger. M: B, or the largest power of two the memory allows.
/// η: B · η̃ of the chosen cell.
/// </summary>
public static class Recommender
{
    static readonly CultureInfo I = CultureInfo.InvariantCulture;

    public static Recommendation Recommend(RecommendationInputs inputs)
    {
        var reasons = new List<string>();
        var (batch, rate, seconds, tradeOff) = ChooseBatch(inputs, reasons);
        if (inputs.Critical is { } c && double.IsFinite(c.Value) && c.Value > 0)
        {
            var value = $"B_crit = B_noise = {NumberFormat.General.Format(c.Value)}"
                + (!c.HasInterval ? " (no interval)"
                    : double.IsPositiveInfinity(c.High) ? $" (at least {NumberFormat.General.Format(c.Low)}, no upper bound)"
                    : $" (90% interval {NumberFormat.General.Format(c.Low)} to {NumberFormat.General.Format(c.High)})");
            reasons.Add(c.HasInterval && batch >= c.Low && batch <= c.High
                ? $"B = {batch:N0} lies within the interval of the critical batch {value}: whether it is above or below it is not resolved by this study."
                : batch <= c.Value
                    ? $"B = {batch:N0} is below the critical batch {value} (one fit of S = S_min(1 + B_noise/B) to the study's updates to target; E_min/S_min is the same number): up to B_crit, doubling B nearly halves the updates, so larger batches up to it cost few extra samples."
                    : $"B = {batch:N0} is above the critical batch {value} (one fit of S = S_min(1 + B_noise/B) to the study's updates to target; E_min/S_min is the same number): beyond B_crit, doubling B saves less than half the updates and costs more samples; it is chosen for its validation error and time here.");
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
            reasons.Add(string.Create(I, $"η = B·η̃ = {batch} × {NumberFormat.Rate(r)} = {batch * r:G3} per update ({(tradeOff is null ? "from the short learning-rate probe" : "the chosen cell's η̃")})."));
        }

        return new Recommendation(batch, micro, rate is double x ? x * batch : null, rate, seconds, reasons)
        {
            TradeOff = tradeOff,
            ExpectedUpdatesToTarget = tradeOff?.Recommended is { HasTime: true } cell ? cell.Steps : null,
            Target = inputs.Target,
        };
    }

    static (long Batch, double? Rate, double? Seconds, TradeOff? TradeOff) ChooseBatch(RecommendationInputs inputs, List<string> reasons)
    {
        var candidates = inputs.Grid is { } grid ? TradeOffRule.FromGrid(grid) : TradeOffRule.FromBest(inputs.Generalization ?? []);
        if (TradeOffRule.Of(candidates, (b, rate) => Time(inputs, b, rate), inputs.SelectionSamples, inputs.SelectionIsErrorRate) is { } t)
        {
            var (r, lowest) = (t.Recommended, t.Lowest);
            string Value(double v) => inputs.SelectionIsErrorRate ? NumberFormat.Percent(2).Format(v) : NumberFormat.General.Format(v);
            var standing = r.Same(lowest)
                ? $"its median {t.Band.Split} error {Value(r.SelectionError)} is the lowest measured"
                : $"its median {t.Band.Split} error {Value(r.SelectionError)} is within the band of the lowest ({Value(lowest.SelectionError)} at {lowest.Name}; band {t.Band.Describe(inputs.SelectionIsErrorRate)}), so the two are not told apart";
            var why = r.HasTime
                ? $"and among the {t.Tied.Count} cells within the band it reaches the target soonest here ({NumberFormat.Duration.Format(r.Seconds)} predicted: its own {NumberFormat.General.Format(r.Steps)} updates to the target × a solo run's seconds per update at this B)."
                : t.Tied.Count > 1 ? $"and it has the largest B of the {t.Tied.Count} cells within the band, so it uses the hardware best." : "and no other cell is within the band.";
            reasons.Add($"{r.Name}: {standing}, {why}");
            return (r.Batch, r.BaseLearningRate, r.HasTime ? r.Seconds : null, t);
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

            return (b, null, null, null);
        }

        var fallback = Math.Min(inputs.HardwareKnee ?? 32, inputs.TrainSize);
        reasons.Add(string.Create(I, $"B = {fallback}: {(inputs.HardwareKnee is null ? "no measurement was available, so the common default" : "the hardware knee (smallest B reaching 80% of the best samples/s); no noise-scale or study results were available")}."));
        return (fallback, null, null, null);
    }

    /// <summary>Predicted (updates, seconds) to the target of the cell (B, η̃): its own steps, never another rate's.</summary>
    static (double Steps, double Seconds) Time(RecommendationInputs inputs, long batch, double rate)
    {
        if (inputs.Cells?.FirstOrDefault(c => c.Is(batch, rate)) is { } cell && double.IsFinite(cell.Seconds))
        {
            return (cell.Steps, cell.Seconds);
        }

        return inputs.Cells is null && inputs.Steps?.FirstOrDefault(s => s.Batch == batch && Math.Abs(s.BestBaseLearningRate - rate) <= 1e-9 * rate) is { } best && double.IsFinite(best.Seconds)
            ? (best.Steps, best.Seconds)
            : (double.NaN, double.NaN);
    }
}
