using System.Globalization;
using BatchLab.Text;
using BatchLab.Training.Adaptive;

namespace BatchLab.Studies.Analysis;

/// <summary>
/// One configuration of a study with adaptive runs: a fixed (B, η̃) or an adaptive policy, with
/// medians over its seeds. Updates, samples and seconds are those to the target, over the seeds
/// that reached it; seconds are the trial's own training steps as stored.
/// </summary>
public sealed record AdaptiveRow(
    string Configuration,
    bool Adaptive,
    long StartBatch,
    double BaseLearningRate,
    int Seeds,
    int SeedsReached,
    double MedianUpdates,
    double MedianSamples,
    double MedianStepSeconds,
    double MedianTestError,
    double MinTestError,
    double MaxTestError)
{
    /// <summary>
    /// How a decaying twin's η steps down ("η ÷ 2 at 50% and 75%"): a fixed B whose rate decays
    /// where a schedule policy grows B (Smith et al.'s comparison); null for a constant-rate fixed
    /// row and for a policy.
    /// </summary>
    public string? RateDecay { get; init; }
}

/// <summary>
/// The adaptive-batch runs of a study beside its fixed-B runs on the same target and seeds
/// (Pollux's goodput and Smith et al.'s schedule against the grid): who reached the target, in how
/// many updates, samples and seconds, and at what test error. Null when the study has no adaptive run.
/// </summary>
/// <summary>
/// One adaptive run's B and η scale over its updates, as step functions: B[i] and RateScale[i] hold
/// from Updates[i] to the next entry; the last entry is the run's end.
/// </summary>
public sealed record BatchTrajectory(string Configuration, long Seed, IReadOnlyList<double> Updates, IReadOnlyList<double> Batches, IReadOnlyList<double> RateScales);

public sealed record AdaptiveComparison(string Target, IReadOnlyList<AdaptiveRow> Rows, string Finding)
{
    /// <summary>B(t) and η(t)/η₀ of every adaptive run, read from its stored metrics (the study runner fills them in).</summary>
    public IReadOnlyList<BatchTrajectory> Trajectories { get; init; } = [];

    /// <summary>
    /// The trajectory of an adaptive run from its stored `batch` and `lr_scale` points (one per
    /// change of B): it starts at B₀ with scale 1 and ends at the run's last update.
    /// </summary>
    public static BatchTrajectory Trajectory(FinishedTrial trial, long startBatch, IEnumerable<(string Name, long Update, double Value)> points)
    {
        var changes = points.Where(p => p.Name is "batch" or "lr_scale").GroupBy(p => p.Update).OrderBy(g => g.Key).ToList();
        List<double> updates = [0], batches = [startBatch], scales = [1];
        foreach (var change in changes)
        {
            updates.Add(change.Key);
            batches.Add(change.FirstOrDefault(p => p.Name == "batch").Value is var b && b > 0 ? b : batches[^1]);
            scales.Add(change.FirstOrDefault(p => p.Name == "lr_scale").Value is var r && r > 0 ? r : scales[^1]);
        }

        updates.Add(Math.Max(trial.Target?.Update ?? trial.Updates, (long)updates[^1]));
        batches.Add(batches[^1]);
        scales.Add(scales[^1]);
        return new BatchTrajectory(Short(trial.Adaptive ?? ""), trial.Seed, updates, batches, scales);
    }

    /// <summary>B₀ of an adaptive spec string.</summary>
    public static long StartOf(string adaptive) => long.TryParse(Part(adaptive, "min"), NumberStyles.Integer, I, out var b0) ? b0 : 1;

    static readonly CultureInfo I = CultureInfo.InvariantCulture;

    /// <param name="trajectories">Each adaptive run's B(t), when read from the store: the finding then says what the policy changed before the target, and credits it with the updates saved only when it changed B.</param>
    public static AdaptiveComparison? Of(IReadOnlyList<FinishedTrial> trials, IReadOnlyList<BatchTrajectory>? trajectories = null)
    {
        if (!trials.Any(t => t.Adaptive is not null))
        {
            return null;
        }

        var rows = trials
            .GroupBy(Label)
            .Select(Row)
            .OrderBy(r => r.Adaptive).ThenBy(r => r.Configuration, StringComparer.Ordinal)
            .ToList();
        var target = trials.Select(t => t.Target).FirstOrDefault(t => t is not null) is { } hit
            ? string.Create(I, $"{hit.Metric} ≤ {NumberFormat.General.Format(hit.Threshold)}")
            : "the target";
        return new AdaptiveComparison(target, rows, Describe(rows, target, trials, trajectories)) { Trajectories = trajectories ?? [] };
    }

    /// <summary>A policy's spec; "B = 32, η̃ = 2⁻⁸" for a fixed row, with ", η ÷ 2 at 50% and 75%" for a decaying twin.</summary>
    static string Label(FinishedTrial t) => t.Adaptive ?? string.Create(I, $"B = {NumberFormat.Batch(t.Batch, t.FullBatch)}, η̃ = {NumberFormat.Rate(t.BaseLearningRate)}")
        + (t.Decay is { } d ? ", " + d.Describe() : "");

    static AdaptiveRow Row(IGrouping<string, FinishedTrial> g)
    {
        var first = g.First();
        var reached = g.Where(t => t.Target is not null && !t.Diverged).Select(t => t.Target!).ToList();
        var test = g.Select(t => t.FinalOr("test_error")).ToList();
        return new AdaptiveRow(
            first.Adaptive is { } a ? Short(a) : g.Key,
            first.Adaptive is not null,
            first.Adaptive is { } spec ? StartOf(spec) : first.Batch,
            first.AdaptiveBaseLearningRate ?? first.BaseLearningRate,
            g.Count(),
            reached.Count,
            Stats.Median(reached.Select(r => (double)r.Update)),
            Stats.Median(reached.Select(r => (double)r.Samples)),
            Stats.Median(reached.Select(r => r.StepSeconds)),
            Stats.Median(test),
            Stats.Quantile(test, 0),
            Stats.Quantile(test, 1))
        { RateDecay = first.Decay?.Describe() };
    }

    static bool SameRate(double a, double b) => Math.Abs(a - b) <= 1e-9 * Math.Abs(b);

    /// <summary>
    /// The decaying twin of a schedule-policy row: the fixed row at its B₀ and η̃ whose η drops by the
    /// policy's factor at the policy's drops (<see cref="Training.RateDecay.Twins"/>); null for
    /// another policy or when the study trained none.
    /// </summary>
    static AdaptiveRow? DecayingTwin(AdaptiveRow row, IReadOnlyList<AdaptiveRow> rows, IReadOnlyList<FinishedTrial> trials)
    {
        var policy = trials.FirstOrDefault(t => t.Adaptive is { } a && Short(a) == row.Configuration)?.Adaptive is { } spec ? AdaptiveBatchSyntax.Parse(spec) : null;
        return policy is null ? null : trials
            .Where(t => t.Decay is { } d && d.Twins(policy) && SameRate(t.BaseLearningRate, row.BaseLearningRate))
            .Select(t => rows.FirstOrDefault(r => r.Configuration == Label(t) && r.SeedsReached > 0))
            .FirstOrDefault(r => r is not null);
    }

    /// <summary>"adaptive:policy=goodput,min=32,max=2048,…" → "goodput, B from 32 up to 2,048".</summary>
    static string Short(string adaptive) => $"{Part(adaptive, "policy") ?? "?"}, B from {Count(Part(adaptive, "min"))} up to {Count(Part(adaptive, "max"))}";

    static string? Part(string adaptive, string key) =>
        adaptive.Split(':', 2).Last().Split(',').Select(p => p.Split('=', 2)).FirstOrDefault(p => p.Length == 2 && p[0] == key)?[1];

    static string Count(string? value) => long.TryParse(value, NumberStyles.Integer, I, out var n) ? n.ToString("N0", I) : value ?? "?";

    /// <summary>
    /// What a policy changed before the target, over its seeds that reached it: "B 32 → 64 at update
    /// 800 → 128 at 1,500 (seed 0)"; null when unknown (no trajectories read), "" when it changed
    /// nothing before the target in any seed.
    /// </summary>
    static string? ChangedBeforeTarget(AdaptiveRow row, IReadOnlyList<FinishedTrial> trials, IReadOnlyList<BatchTrajectory>? trajectories)
    {
        if (trajectories is null || trajectories.Count == 0)
        {
            return null;
        }

        var seeds = new List<string>();
        foreach (var trial in trials.Where(t => t.Adaptive is { } a && Short(a) == row.Configuration && t.Target is not null && !t.Diverged))
        {
            if (trajectories.FirstOrDefault(t => t.Configuration == row.Configuration && t.Seed == trial.Seed) is not { } path)
            {
                return null;
            }

            var steps = Enumerable.Range(1, path.Updates.Count - 2)
                .Where(i => path.Updates[i] < trial.Target!.Update && path.Batches[i] != path.Batches[i - 1])
                .Select(i => string.Create(I, $"{path.Batches[i]:N0} at update {path.Updates[i]:N0}")).ToList();
            if (steps.Count > 0)
            {
                seeds.Add(string.Create(I, $"B {path.Batches[0]:N0} → {string.Join(" → ", steps)} (seed {trial.Seed})"));
            }
        }

        return string.Join("; ", seeds);
    }

    static string Describe(IReadOnlyList<AdaptiveRow> rows, string target, IReadOnlyList<FinishedTrial> trials, IReadOnlyList<BatchTrajectory>? trajectories)
    {
        string S(double s) => NumberFormat.Duration.Format(s);
        string N(double v) => NumberFormat.General.Format(v);
        string P(double v) => NumberFormat.Percent(2).Format(v);
        // The decaying twins stay out of the best fixed configuration and the spread: those answer
        // "which constant-rate B of the grid" (as every other section), and a twin is a schedule
        // trained at B₀ alone; it is set against its policy below instead.
        var fixedRows = rows.Where(r => !r.Adaptive && r.RateDecay is null && r.SeedsReached == r.Seeds && r.Seeds > 0).ToList();
        var best = fixedRows.MinBy(r => r.MedianStepSeconds);
        var lines = new List<string>();
        var spread = rows.Where(r => !r.Adaptive && r.RateDecay is null && double.IsFinite(r.MedianTestError) && r.SeedsReached > 0).ToList();
        var (low, high) = spread.Count > 0 ? (spread.Min(r => r.MinTestError), spread.Max(r => r.MaxTestError)) : (double.NaN, double.NaN);
        foreach (var r in rows.Where(r => r.Adaptive))
        {
            if (r.SeedsReached == 0)
            {
                lines.Add($"{Capital(r.Configuration)} did not reach {target} in any of its {r.Seeds} seeds.");
                continue;
            }

            var against = best is null ? "; no fixed configuration reached it in every seed"
                : string.Create(I, $", {N(r.MedianStepSeconds / best.MedianStepSeconds)}× the best fixed configuration ({best.Configuration}: {S(best.MedianStepSeconds)}, {N(best.MedianUpdates)} updates, {N(best.MedianSamples)} samples)");
            var error = double.IsFinite(low)
                ? (r.MedianTestError >= low && r.MedianTestError <= high ? $"within the fixed runs' spread {P(low)}–{P(high)}" : $"outside the fixed runs' spread {P(low)}–{P(high)}")
                : "with no fixed run to compare";
            // Against the same η̃ at B₀ held fixed, and against Smith et al.'s twin: the same η̃ at B₀ with η
            // divided where the policy multiplies B (their claim is fewer updates at the same test error).
            var twin = rows.FirstOrDefault(f => !f.Adaptive && f.RateDecay is null && f.StartBatch == r.StartBatch && SameRate(f.BaseLearningRate, r.BaseLearningRate) && f.SeedsReached > 0);
            var decaying = DecayingTwin(r, rows, trials);
            // Only a policy that changed B before the target can be credited with the updates saved.
            var changed = ChangedBeforeTarget(r, trials, trajectories);
            var twinText = twin is null ? null : string.Create(I, $"against its fixed twin (B = {twin.StartBatch:N0} and η̃ held constant throughout): {N(r.MedianUpdates)} updates to {N(twin.MedianUpdates)}");
            var decayText = decaying is null ? null : string.Create(I,
                $"against its decaying twin (B = {decaying.StartBatch:N0} throughout, {decaying.RateDecay} of the budget, where the policy grows B: Smith et al.'s comparison): {N(r.MedianUpdates)} updates to {N(decaying.MedianUpdates)}, test error {P(r.MedianTestError)} to {P(decaying.MedianTestError)}");
            var both = string.Join("; ", new[] { twinText, decayText }.OfType<string>());
            var updates = both.Length == 0 ? "" : changed switch
            {
                null => $" {Capital(both)} (what the policy changed before the target was not read, so no difference is attributed to it).",
                "" => $" {Capital(both)}, but the policy did not change B before the target in any seed: up to the target it trained as {(twinText is null || decayText is null ? "its twin" : "both twins")} did, so the difference is seed noise, not an effect of adapting B.",
                _ => $" Before the target it changed {changed}."
                    + (twinText is null ? "" : $" {Capital(twinText)}: {(r.MedianUpdates < twin!.MedianUpdates ? "the fixed twin needed more updates" : "the fixed twin needed no more")}.")
                    + (decayText is null ? "" : $" {Capital(decayText)}: {(r.MedianUpdates < decaying!.MedianUpdates ? "the decaying twin needed more updates" : "the decaying twin needed no more")}."),
            };
            if (decaying is null && r.Configuration.StartsWith("schedule", StringComparison.Ordinal))
            {
                // Only the schedule policy has a decaying twin: goodput grows B on measurements, not at fixed drops.
                updates += string.Create(I, $" Smith et al. compare against a twin whose rate decays where B would grow (batch value decay:b={r.StartBatch} with the policy's factor and drops); this study trained none that reached the target.");
            }

            lines.Add(string.Create(I,
                $"{Capital(r.Configuration)} reached {target} in {r.SeedsReached} of {r.Seeds} seeds, in {S(r.MedianStepSeconds)} of training steps (median), {N(r.MedianUpdates)} updates and {N(r.MedianSamples)} samples{against}; its test error {P(r.MedianTestError)} is {error}.{updates}"));
        }

        var verdict = best is null ? "" : rows.Where(r => r.Adaptive && r.SeedsReached == r.Seeds).MinBy(r => r.MedianStepSeconds) is { } fastest && fastest.MedianStepSeconds < best.MedianStepSeconds
            ? $"The adaptive policy {fastest.Configuration.Split(',')[0]} was fastest to the target. "
            : "No adaptive policy beat the best fixed batch size to the target here. ";
        return verdict + string.Join(" ", lines)
            + " Seconds are each trial's own training steps as stored; in a sweep a fixed-B trial may have trained fused (its seconds are its share of the group's) while adaptive runs train alone, which favours the fixed runs. `bench/run adaptive` times every configuration alone and interleaved (docs/performance.md).";
    }

    static string Capital(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];
}
