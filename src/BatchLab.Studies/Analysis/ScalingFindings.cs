using System.Text;
using BatchLab.Text;

namespace BatchLab.Studies.Analysis;

/// <summary>Findings for steps-to-target and time-to-target, computed from the measured table and fits.</summary>
public static class ScalingFindings
{
    static string N(double v) => NumberFormat.General.Format(v);

    static string B(BatchSteps b) => NumberFormat.Batch(b.Batch, b.FullBatch);

    public static string Steps(string target, IReadOnlyList<BatchSteps> byBatch, ScalingFit? fit, CriticalBatch? critical = null)
    {
        var reached = byBatch.Where(b => double.IsFinite(b.Steps)).ToList();
        if (reached.Count == 0)
        {
            return $"No batch size reached {target} within the budget at any learning rate tried.";
        }

        var fewest = reached.MinBy(b => b.Steps)!;
        var text = new StringBuilder($"B = {B(fewest)} reaches {target} in the fewest updates: {N(fewest.Steps)}. ");
        text.Append($"{target} was reached at {reached.Count} of {byBatch.Count} batch sizes");
        var missed = byBatch.Where(b => !double.IsFinite(b.Steps)).Select(B).ToList();
        text.Append(missed.Count > 0 ? $"; not within the budget at B = {string.Join(", ", missed)}. " : ". ");
        text.Append("Updates to the target are interpolated between the evaluation before and the one that met it (each seed), so they resolve single updates rather than the evaluation spacing; the metric between evaluations is assumed linear. ");
        var ratios = reached.Zip(reached.Skip(1), (a, b) => (a, b, Gain: a.Steps / b.Steps, Factor: (double)b.Batch / a.Batch)).ToList();
        if (ratios.Count > 0)
        {
            // Efficiency of a step in B: 1 = steps fall as fast as B grows (perfect scaling), 0 = no fall.
            var efficiencies = ratios.Select(r => Math.Log(Math.Max(r.Gain, 1e-9)) / Math.Log(r.Factor)).ToList();
            var perfectUpTo = ratios.Zip(efficiencies).TakeWhile(p => p.Second >= 0.8).Select(p => p.First.b).LastOrDefault();
            var plateauFrom = ratios.Zip(efficiencies).FirstOrDefault(p => p.Second < 0.15).First.a;
            text.Append(perfectUpTo is not null
                ? $"Near-perfect scaling (doubling B nearly halves the updates) holds up to B = {B(perfectUpTo)}; "
                : "Steps never fall in proportion to B here; ");
            text.Append(plateauFrom is not null
                ? $"beyond B = {B(plateauFrom)} more samples per update buy almost no fewer updates (the plateau of Shallue et al. 2018). "
                : "no plateau within the grid. ");
        }

        if (fit is not null && critical is not null)
        {
            text.Append($"Fit: S = S_min(1 + B_noise/B) to the updates gives S_min = {N(fit.MinSteps)}, B_noise = {N(fit.NoiseScale)} (rms log residual {N(fit.RmsLogResidual)}; {Interval(critical)}). "
                + "B_crit = E_min/S_min is the same number: samples are B × updates, so E = E_min(1 + B/B_noise) with E_min = S_min·B_noise is this fit in other parameters, not a second measurement.");
            if (fit.AtBound)
            {
                text.Append($" Flag — the fit ended at its search bound ({(fit.NoiseScale > reached[^1].Batch ? "above 1,000× the largest B: the updates still halve with every doubling" : "below 1/1,000 of the smallest B: the updates barely fall with B")}), so B_noise is not determined by these steps.");
            }

            if (critical.Misfit is { } misfit)
            {
                text.Append($" Flag — {misfit}.");
            }
        }

        return text.ToString().Trim();
    }

    /// <summary>The B_crit interval as the report words it: two-sided, a lower bound when refits reach the search's top, or why there is none.</summary>
    public static string Interval(CriticalBatch c)
    {
        if (!c.HasInterval)
        {
            return c.NoInterval ?? "no interval";
        }

        var how = $"from {c.Resamples} bootstrap refits that redraw each cell's seeds and re-select the rate per batch size";
        var bound = c.BoundHits > 0 ? $"; {c.BoundHits} refits ended at the search bound" : "";
        return double.IsPositiveInfinity(c.High)
            ? $"one-sided: at least {N(c.Low)} with 95% confidence, no upper bound {how}{bound}"
            : $"90% interval {N(c.Low)} to {N(c.High)} {how}{bound}";
    }

    public static string Time(string target, IReadOnlyList<BatchSteps> byBatch)
    {
        var timed = byBatch.Where(b => double.IsFinite(b.Seconds)).ToList();
        if (timed.Count == 0)
        {
            return $"No time to {target} could be computed: no batch size reached it.";
        }

        var fastest = timed.MinBy(b => b.Seconds)!;
        var fewest = timed.MinBy(b => b.Steps)!;
        var source = fastest.TimingSource == "solo timing"
            ? "seconds per update of a solo run at that B, timed on this machine with interleaved repeats (median)"
            : "the trials' own seconds per update (no solo timing was measured)";
        var text = new StringBuilder($"On this machine {target} is reached soonest at B = {B(fastest)}: {N(fastest.Steps)} updates × {N(fastest.SecondsPerUpdate * 1000)} ms = {NumberFormat.Duration.Format(fastest.Seconds)} ({source}). ");
        text.Append(fastest.Batch == fewest.Batch
            ? "That is also the batch size with the fewest updates. "
            : $"The fewest updates are at B = {B(fewest)} ({NumberFormat.Duration.Format(fewest.Seconds)}), so the best B for wall-clock time differs from the best B for steps: each update there costs {N(fewest.SecondsPerUpdate / fastest.SecondsPerUpdate)}× as long. ");
        var disturbed = timed.Where(b => b.TimingDisturbed is not null).ToList();
        if (disturbed.Count > 0)
        {
            text.Append($"Flag — timings still disturbed by load after re-measuring, so their times are upper bounds: {string.Join("; ", disturbed.Select(b => $"B = {B(b)} ({b.TimingDisturbed})"))}. ");
        }

        return text.ToString().Trim();
    }
}
