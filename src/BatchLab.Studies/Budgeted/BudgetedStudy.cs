using System.Globalization;
using BatchLab.Studies.Analysis;
using BatchLab.Studies.Progress;
using BatchLab.Sweeps;
using BatchLab.Sweeps.Specs;
using BatchLab.Sweeps.Storage;
using BatchLab.Sweeps.Workers;
using BatchLab.Text;

namespace BatchLab.Studies.Budgeted;

/// <summary>
/// The budgeted study: the grid's cells (each batch size, with any other non-rate axis) are all
/// kept — the answer is a curve over B — and the budget goes where the answer is decided.
/// Rung 0 trains every grid rate of every cell for the first fraction of the budget (1/9 by
/// default), one seed, and searches beyond the grid's edge where a cell's best rate is its
/// smallest or largest (<see cref="SuccessiveHalving.Extend"/>); each further rung trains the
/// best third on validation for a larger fraction (1/3). A rung is a trial of its own (any
/// executor and any resume work unchanged) that continues the lower rung's last checkpoint
/// (<see cref="TrialContinuation"/>): with a constant rate a shorter run is the prefix of the
/// longer one, so the continued trial is bit-identical to one trained from scratch and trains only
/// the updates beyond the lower rung; a decaying schedule spans the budget, its checkpoint does not
/// fit, and the rung retrains from scratch. The last rung trains one
/// rate per cell to the full budget: to the end for the cells that compete for the
/// recommendation (<see cref="SuccessiveHalving.Competing"/>), to the target only for the others,
/// which place B on the steps-to-target curve. The preset's other seeds train only the best
/// competing cell, whose seed spread decides which batch sizes are indistinguishable from it.
/// Rung trials carry a <c>budget</c> axis in their key (the last rung too when there is no target
/// to carry a <c>stop_at_target</c> axis, so its trials find the rung they continue); the analysis
/// reads only the last rung. Cost per cell with 5 rates, continuing: 5/9 + 2 × 2/9 + 2/3 = 1.67
/// runs at most (2.22 when every rung retrains).
/// </summary>
public static class BudgetedStudy
{
    static readonly CultureInfo I = CultureInfo.InvariantCulture;

    /// <summary>The grid's learning-rate axis when it can be searched (≥ 2 values), else null: a budgeted study needs one.</summary>
    public static GridAxis? RateAxis(SweepSpec spec) =>
        spec.Axes.FirstOrDefault(a => (a.Name == GridAxes.BaseLr.Name || a.Name == GridAxes.Lr.Name) && a.Values.Count >= 2);

    /// <summary>Whether a trial's key is a rung's (a fraction of the budget below 1): left out of the analysis.</summary>
    public static bool IsRung(Trial trial) =>
        trial.Key.Contains($"\"{GridAxes.BudgetFraction.Name}\"", StringComparison.Ordinal)
        && GridPoint.FromKey(trial.Key).Values.Any(v => v.Key == GridAxes.BudgetFraction.Name && v.Value.Number < 1);

    /// <param name="besideSeeds">Work for this process while the best cell's extra seeds train (their sweep leaves cores idle: one or two trials on every worker); it runs on a thread of its own and must catch its own errors.</param>
    /// <param name="progress">Told, before each rung and round, of the trials still to come (<see cref="StudyProgressTracker.Anticipate"/>); null = nobody.</param>
    public static (SweepEnd End, BudgetedResult? Result) Run(SweepSpec spec, IExperimentStore store, string name, ISweepExecutor sweep, double? chance, double margin, int validationSamples, BudgetedOptions options, Action<string> log, CancellationToken cancel, Action? besideSeeds = null, StudyProgressTracker? progress = null)
    {
        var axis = RateAxis(spec) ?? throw new BatchLabException("a budgeted study needs a learning-rate axis (base_lr or lr) with at least two values; use --exhaustive");
        SweepSubmission.Create(store, name, spec, extensible: false);
        var values = axis.Values.Select(v => v.Number!.Value).Order().ToList();
        var ratio = values.Zip(values.Skip(1), (a, b) => b / a).Min();
        var seeds = spec.Axes.FirstOrDefault(a => a.Name == GridAxes.Seed.Name)?.Values ?? [];
        var cells = new SweepSpec(spec.Base, [.. spec.Axes.Where(a => a.Name != axis.Name && a.Name != GridAxes.Seed.Name)]).Points().ToList();
        var hasTarget = spec.Base.Train.Target is not null;
        var fractions = SuccessiveHalving.Fractions(options.Rungs, options.Eta);
        var decisions = new List<RungDecision>();
        var notes = new List<string>();

        GridPoint Point(GridPoint cell, double rate, GridValue? seed, double fraction, bool? stop) => GridPoint.Of(
            cell.Values
                .Append(KeyValuePair.Create(axis.Name, GridValue.Of(rate)))
                .Concat(seed is { } s ? [KeyValuePair.Create(GridAxes.Seed.Name, s)] : [])
                .Concat(fraction < 1 || (stop is not null && !hasTarget) ? [KeyValuePair.Create(GridAxes.BudgetFraction.Name, GridValue.Of(fraction))] : [])
                .Concat(stop is bool y && hasTarget ? [KeyValuePair.Create(GridAxes.StopAtTarget.Name, GridValue.Of(y ? "yes" : "no"))] : []));

        SweepEnd Train(IEnumerable<GridPoint> points)
        {
            var requests = points.Select(p => TrialRequest.Of(p.Key, p.Apply(spec.Base).ToJson())).ToList();
            store.AddTrials(name, requests);
            var counts = store.Counts(name);
            return counts.Queued + counts.Running == 0 ? SweepEnd.Finished : sweep.Run(store, name, cancel);
        }

        Dictionary<string, FinishedTrial> Results() =>
            store.TrialsOf(name).Select(t => (t.Key, Result: FinishedTrial.From(t))).Where(p => p.Result is not null).ToDictionary(p => p.Key, p => p.Result!);

        RungEntry Entry(Dictionary<string, FinishedTrial> results, GridPoint point, double rate)
        {
            if (!results.TryGetValue(point.Key, out var r))
            {
                return new RungEntry(rate, double.NaN, true);
            }

            var score = Score(r);
            var atChance = chance is double c && r.Final.ContainsKey("val_error") && score >= c - margin;
            return new RungEntry(rate, r.Diverged || r.Pruned || atChance ? double.NaN : score, r.Diverged || r.Pruned || atChance || !double.IsFinite(score));
        }

        var first = seeds.Count > 0 ? seeds[0] : (GridValue?)null;

        // The rungs above `rung` if every cell keeps the best 1/η of its `count` rates (a failed
        // rate is not promoted, so at most this), and the extra seeds at a cell not chosen yet
        // (each cell counted 1/cells of them); a continued rung trains only beyond the rung below.
        void Anticipate(int rung, Func<GridPoint, int> count)
        {
            if (progress is null)
            {
                return;
            }

            var ahead = new List<AheadTrial>();
            foreach (var cell in cells)
            {
                var full = Point(cell, values[0], first, 1, null).Apply(spec.Base);
                var continued = full.Train.LearningRate.Schedule == Training.ScheduleKind.Constant && full.Train.Adaptive is null;
                var n = count(cell);
                for (var k = rung + 1; k < fractions.Count; k++)
                {
                    n = n == 0 ? 0 : Math.Max(1, (n + options.Eta - 1) / options.Eta);
                    ahead.AddRange(Enumerable.Repeat(new AheadTrial(full, continued ? fractions[k] - fractions[k - 1] : fractions[k]), n));
                }

                ahead.AddRange(Enumerable.Repeat(new AheadTrial(full, 1.0 / cells.Count), Math.Max(0, seeds.Count - 1)));
            }

            progress.Anticipate(ahead);
        }

        var rates = cells.ToDictionary(c => c.Key, _ => values.ToList());
        log($"      budgeted: {cells.Count} cells × {values.Count} rates at {Fraction(fractions[0])} of the budget, the best 1/{options.Eta} on to {string.Join(", ", fractions.Skip(1).Select(Fraction))}; cells that do not compete for the answer stop at the target");
        Anticipate(0, c => rates[c.Key].Count);
        var end = Train(cells.SelectMany(c => values.Select(v => Point(c, v, first, fractions[0], null))));
        var extended = cells.ToDictionary(c => c.Key, _ => (Below: 0, Above: 0));
        for (var round = 0; end == SweepEnd.Finished && round < 2 * options.ExtendCap; round++)
        {
            var results = Results();
            var added = new List<GridPoint>();
            foreach (var cell in cells)
            {
                var entries = rates[cell.Key].Select(r => Entry(results, Point(cell, r, first, fractions[0], null), r)).ToList();
                if (SuccessiveHalving.Extend(entries, ratio) is not double next)
                {
                    continue;
                }

                var (below, above) = extended[cell.Key];
                var side = next < rates[cell.Key].Min();
                if ((side ? below : above) >= options.ExtendCap)
                {
                    continue;
                }

                extended[cell.Key] = side ? (below + 1, above) : (below, above + 1);
                rates[cell.Key].Add(next);
                added.Add(Point(cell, next, first, fractions[0], null));
            }

            if (added.Count == 0)
            {
                break;
            }

            log($"      learning-rate search at the first rung: {added.Count} rates beyond the grid's edge ({string.Join("; ", added.Select(p => p.Label))})");
            Anticipate(0, c => rates[c.Key].Count);
            end = Train(added);
        }

        var alive = cells.ToDictionary(c => c.Key, c => rates[c.Key].Order().ToList());
        var best = new Dictionary<string, List<double>>();
        var competing = new HashSet<string>(cells.Select(c => c.Key));
        for (var rung = 0; rung < fractions.Count && end == SweepEnd.Finished; rung++)
        {
            var results = Results();
            var final = rung == fractions.Count - 1;
            foreach (var cell in cells)
            {
                var entries = alive[cell.Key].Select(r => Entry(results, Point(cell, r, first, fractions[rung], final ? competing.Contains(cell.Key) ? false : true : null), r)).ToList();
                var promoted = final ? [] : SuccessiveHalving.Promote(entries, options.Eta);
                var batch = BatchOf(results, cell, alive[cell.Key], r => Point(cell, r, first, fractions[0], null));
                foreach (var e in entries)
                {
                    var reason = final ? null
                        : promoted.Contains(e.Rate) ? null
                        : e.Failed ? "failed at this rung (diverged, pruned or at chance)"
                        : $"not in the best {promoted.Count} of {entries.Count} on validation";
                    decisions.Add(new RungDecision(cell.Label, batch, rung, fractions[rung], e.Rate, e.Score, e.Failed, final || promoted.Contains(e.Rate), reason));
                }

                best.TryAdd(cell.Key, []);
                best[cell.Key].Add(entries.Where(e => !e.Failed).Select(e => e.Score).DefaultIfEmpty(double.NaN).Min());
                alive[cell.Key] = [.. promoted];
            }

            if (final)
            {
                break;
            }

            if (rung == fractions.Count - 2)
            {
                var trend = best.ToDictionary(b => b.Key, b => (Before: b.Value.Count > 1 ? b.Value[^2] : double.NaN, Last: b.Value[^1]));
                var step = fractions[rung] - (rung > 0 ? fractions[rung - 1] : 0);
                competing = [.. SuccessiveHalving.Competing(trend, (1 - fractions[rung]) / step, validationSamples)];
                var others = cells.Where(c => !competing.Contains(c.Key) && alive[c.Key].Count > 0).Select(c => c.Label).ToList();
                if (others.Count > 0)
                {
                    log($"      stopping at the target (they cannot reach the best validation error on their trend): {string.Join(", ", others)}");
                }
            }

            var next = fractions[rung + 1];
            var lastRung = rung + 1 == fractions.Count - 1;
            Anticipate(rung + 1, c => alive[c.Key].Count);
            end = Train(cells.SelectMany(c => alive[c.Key].Select(r => Point(c, r, first, next, lastRung ? !competing.Contains(c.Key) : null))));
        }

        var finals = decisions.Where(d => d.Rung == fractions.Count - 1).ToList();
        foreach (var cell in cells.Where(c => alive[c.Key].Count == 0 && !finals.Any(d => d.Cell == c.Label)))
        {
            notes.Add($"{cell.Label}: every rate failed at a rung, so no cell trained its full budget; it is missing from the curves");
        }

        var result = new BudgetedResult(fractions, options.Eta, decisions,
            [.. finals.Where(d => competing.Contains(cells.First(c => c.Label == d.Cell).Key)).Select(d => d.Batch).Distinct()],
            [.. finals.Where(d => !competing.Contains(cells.First(c => c.Label == d.Cell).Key)).Select(d => d.Batch).Distinct()],
            notes);
        if (end != SweepEnd.Finished || seeds.Count < 2)
        {
            return (end, result);
        }

        // Seeds only where they decide something: the best competing cell's spread is the band
        // within which other batch sizes count as indistinguishable from it.
        var top = finals.Where(d => !d.Failed && competing.Contains(cells.First(c => c.Label == d.Cell).Key)).MinBy(d => d.Score);
        if (top is null)
        {
            return (end, result);
        }

        var topCell = cells.First(c => c.Label == top.Cell);
        log(string.Create(I, $"      seeds: {seeds.Count - 1} more for the best cell ({top.Cell}, rate {NumberFormat.Rate(top.Rate)}), whose spread decides the answer"));
        progress?.Anticipate([]);
        var beside = besideSeeds is null ? null : Task.Run(besideSeeds, CancellationToken.None);
        end = Train(seeds.Skip(1).Select(s => Point(topCell, top.Rate, s, 1, false)));
        beside?.GetAwaiter().GetResult();
        return (end, result with { SeededBatch = top.Batch, SeededRate = top.Rate });
    }

    static long BatchOf(Dictionary<string, FinishedTrial> results, GridPoint cell, IReadOnlyList<double> rates, Func<double, GridPoint> point) =>
        rates.Select(r => results.TryGetValue(point(r).Key, out var f) ? f.Batch : 0).FirstOrDefault(b => b > 0);

    static string Fraction(double f) => f >= 1 ? "all" : string.Create(I, $"1/{Math.Round(1 / f):0}");

    /// <summary>Validation error, else validation loss, else test error: what selection is made on.</summary>
    static double Score(FinishedTrial r) =>
        r.Final.TryGetValue("val_error", out var e) && double.IsFinite(e) ? e
        : r.Final.TryGetValue("val_loss", out var l) && double.IsFinite(l) ? l
        : r.FinalOr("test_error");
}
