using System.Globalization;
using System.Text;
using BatchLab.Text;

namespace BatchLab.Studies.Analysis;

/// <summary>Findings for steps-to-target and time-to-target, computed from the measured table and fit.</summary>
public static class ScalingFindings
{
    static readonly CultureInfo I = CultureInfo.InvariantCulture;

    public static string Steps(string target, IReadOnlyList<BatchSteps> byBatch, ScalingFit? fit)
    {
        var reached = byBatch.Where(b => double.IsFinite(b.Steps)).ToList();
        if (reached.Count == 0)
        {
            return $"No batch size reached {target} within the budget at any learning rate of the grid.";
        }

        var text = new StringBuilder(string.Create(I, $"{target} was reached at {reached.Count} of {byBatch.Count} batch sizes. "));
        var missed = byBatch.Where(b => !double.IsFinite(b.Steps)).Select(b => NumberFormat.Batch(b.Batch, b.FullBatch)).ToList();
        if (missed.Count > 0)
        {
            text.Append($"Not reached within the budget at B = {string.Join(", ", missed)}. ");
        }

        var fewest = reached.MinBy(b => b.Steps)!;
        text.Append(string.Create(I, $"Fewest updates: {fewest.Steps:N0} at B = {NumberFormat.Batch(fewest.Batch, fewest.FullBatch)}. "));
        var ratios = reached.Zip(reached.Skip(1), (a, b) => (a, b, Gain: a.Steps / b.Steps, Factor: (double)b.Batch / a.Batch)).ToList();
        if (ratios.Count > 0)
        {
            // Efficiency of a step in B: 1 = steps fall as fast as B grows (perfect scaling), 0 = no fall.
            var efficiencies = ratios.Select(r => Math.Log(Math.Max(r.Gain, 1e-9)) / Math.Log(r.Factor)).ToList();
            var perfectUpTo = ratios.Zip(efficiencies).TakeWhile(p => p.Second >= 0.8).Select(p => p.First.b.Batch).LastOrDefault();
            var plateauFrom = ratios.Zip(efficiencies).FirstOrDefault(p => p.Second < 0.15).First.a;
            text.Append(perfectUpTo > 0
                ? string.Create(I, $"Near-perfect scaling (doubling B nearly halves the updates) holds up to B = {perfectUpTo}; ")
                : "Steps never fall in proportion to B here; ");
            text.Append(plateauFrom is not null
                ? string.Create(I, $"beyond B = {NumberFormat.Batch(plateauFrom.Batch, plateauFrom.FullBatch)} more samples per update buy almost no fewer updates (the plateau of Shallue et al. 2018). ")
                : "no plateau within the grid. ");
        }

        if (fit is not null)
        {
            text.Append(string.Create(I,
                $"Fit of S = S_min(1 + B_noise/B): S_min = {fit.MinSteps:N0} updates, E_min = {fit.MinSamples:N0} samples, B_crit = E_min/S_min = {fit.CriticalBatch:N0} (rms log residual {fit.RmsLogResidual:F2})."));
        }

        return text.ToString().Trim();
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
        var text = string.Create(I,
            $"On this machine {target} is reached soonest at B = {NumberFormat.Batch(fastest.Batch, fastest.FullBatch)}: {fastest.Steps:N0} updates × {fastest.SecondsPerUpdate * 1000:G3} ms = {fastest.Seconds:G3} s. ");
        return text + (fastest.Batch == fewest.Batch
            ? "That is also the batch size with the fewest updates."
            : string.Create(I, $"The fewest updates are at B = {NumberFormat.Batch(fewest.Batch, fewest.FullBatch)} ({fewest.Seconds:G3} s), so the best B for wall-clock time differs from the best B for steps: each update there costs {fewest.SecondsPerUpdate / fastest.SecondsPerUpdate:G3}× as long."));
    }
}
