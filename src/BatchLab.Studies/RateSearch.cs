using BatchLab.Studies.Analysis;
using BatchLab.Sweeps;
using BatchLab.Sweeps.Specs;
using BatchLab.Sweeps.Storage;
using BatchLab.Sweeps.Workers;

namespace BatchLab.Studies;

/// <summary>
/// The per-B learning-rate search: after the grid's sweep, every batch size whose best rate
/// (by median validation error over seeds, among the stable rates) is the smallest or largest
/// rate tried gets the next rate on that side, one grid step (the grid's own ratio between
/// neighbouring rates) further, for every seed; the new trials are swept, and this repeats until
/// each best rate has a tried rate on both sides — an interior optimum, or a neighbour that
/// diverged or did not learn — or a side was extended <see cref="Cap"/> times. A batch size where
/// no rate was stable (every one diverged, was pruned or ended at chance) gets a smaller rate: at
/// a fixed number of epochs the failures of a grid are its large rates. Only grids with a
/// learning-rate axis (lr or base_lr) of at least two values are searched.
/// Cost: each step is one more grid cell (all seeds) at that B.
/// </summary>
public sealed class RateSearch(SweepSpec spec, int cap)
{
    public const int DefaultCap = 3;

    public int Cap => cap;

    /// <summary>The grid's learning-rate axis, or null when it has none worth searching.</summary>
    GridAxis? Axis => spec.Axes.FirstOrDefault(a => (a.Name == GridAxes.BaseLr.Name || a.Name == GridAxes.Lr.Name) && a.Values.Count >= 2);

    /// <summary>Runs the search to its end; returns what it added.</summary>
    public RateSearchResult Run(IExperimentStore store, string study, ISweepExecutor sweep, Func<IReadOnlyList<FinishedTrial>, GeneralizationResult> analyse, Action<string> log, CancellationToken cancel)
    {
        if (Axis is not { } axis)
        {
            return new RateSearchResult(false, cap, "none", []);
        }

        var values = axis.Values.Select(v => v.Number!.Value).Order().ToList();
        var ratio = values.Zip(values.Skip(1), (a, b) => b / a).Min();
        var added = new Dictionary<long, (List<double> Below, List<double> Above, bool CapBelow, bool CapAbove)>();
        for (var round = 0; round <= 2 * cap && !cancel.IsCancellationRequested; round++)
        {
            var pairs = store.TrialsOf(study).Select(t => (Trial: t, Result: FinishedTrial.From(t))).Where(p => p.Result is not null).ToList();
            var finished = pairs.Select(p => p.Result!).ToList();
            var requests = new List<TrialRequest>();
            foreach (var best in analyse(finished).ByBatch)
            {
                var atB = pairs.Where(p => p.Result!.Batch == best.Batch).Select(p => p.Trial).ToList();
                var rates = finished.Where(f => f.Batch == best.Batch).Select(f => Rate(f, axis.Name)).Distinct().Order().ToList();
                if (atB.Count == 0 || rates.Count == 0)
                {
                    continue;
                }

                var side = best.Edge switch
                {
                    _ when double.IsNaN(best.BestBaseLearningRate) => -1,
                    RateEdge.Lowest => -1,
                    RateEdge.Highest => +1,
                    _ => 0,
                };
                if (side == 0)
                {
                    continue;
                }

                var entry = added.TryGetValue(best.Batch, out var e) ? e : ([], [], false, false);
                var list = side < 0 ? entry.Below : entry.Above;
                if (list.Count >= cap)
                {
                    added[best.Batch] = side < 0 ? entry with { CapBelow = true } : entry with { CapAbove = true };
                    continue;
                }

                var next = side < 0 ? rates[0] / ratio : rates[^1] * ratio;
                list.Add(next);
                added[best.Batch] = entry;
                foreach (var trial in atB.GroupBy(t => SeedOf(t)).Select(g => g.First()))
                {
                    var point = GridPoint.Of(Point(trial).Values.Select(v => v.Key == axis.Name ? KeyValuePair.Create(v.Key, GridValue.Of(next)) : v));
                    requests.Add(TrialRequest.Of(point.Key, point.Apply(spec.Base).ToJson()));
                }
            }

            if (requests.Count == 0)
            {
                break;
            }

            var count = store.AddTrials(study, requests);
            log($"      learning-rate search: {count} trials beyond the grid's edge ({string.Join("; ", added.Where(a => a.Value.Below.Count + a.Value.Above.Count > 0).Select(a => $"B = {a.Key}"))})");
            if (count > 0 && sweep.Run(store, study, cancel) != SweepEnd.Finished)
            {
                break;
            }
        }

        return new RateSearchResult(true, cap, axis.Name, [.. added.OrderBy(a => a.Key).Select(a => new RateSearchBatch(a.Key, a.Value.Below, a.Value.Above, a.Value.CapBelow, a.Value.CapAbove))]);
    }

    static GridPoint Point(Trial trial) => GridPoint.FromKey(trial.Key);

    static string SeedOf(Trial trial) => string.Join(",", Point(trial).Values.Where(v => v.Key == GridAxes.Seed.Name).Select(v => v.Value.ToString()));

    /// <summary>The trial's value on the searched axis: η̃ for base_lr, η for lr.</summary>
    static double Rate(FinishedTrial f, string axis) => axis == GridAxes.BaseLr.Name ? f.BaseLearningRate : f.LearningRate;

}
