using BatchLab.Runs;

namespace BatchLab.Sweeps.Results;

/// <summary>
/// Seconds per update at each batch size B of a grid, timed up front (a few training steps per B,
/// about a second for a whole grid), and the training-set size that turns a trial's budget into
/// updates.
/// </summary>
public sealed record StepCosts(long TrainSamples, IReadOnlyDictionary<long, double> SecondsPerUpdate);

/// <summary>
/// A study's time left from what each remaining update costs at its B, rather than from the mean
/// of the first trials to finish (which at the start of a grid are the cheapest or the dearest B
/// and put the ETA off by hours). For each trial: updates left (its budget; a running trial's
/// budget less what it has done) × seconds per update at its B, summed and divided among the
/// workers. Seconds per update at a B are the study's own — its finished trials' wall seconds over
/// their updates, so evaluation and fused sharing are in them — where trials at that B have
/// finished, else the up-front timing scaled by how the study's own figures compare with the
/// timing at the batch sizes that have both (the median ratio). Trials that stop early (pruned,
/// diverged) are allowed for by the share of their budget the finished trials used.
/// </summary>
public static class StepCostEta
{
    /// <param name="updatesDone">Updates done by each running trial (by trial number), where known; otherwise half its budget is counted as left.</param>
    public static TimeSpan? Of(IReadOnlyList<Trial> trials, StepCosts costs, int workers, IReadOnlyDictionary<long, long>? updatesDone = null)
    {
        var left = trials.Where(t => t.State is TrialState.Queued or TrialState.Running).ToList();
        if (left.Count == 0)
        {
            return TimeSpan.Zero;
        }

        if (workers <= 0)
        {
            return null;
        }

        var measured = new Dictionary<long, (double Seconds, long Updates)>();
        double budgetUsed = 0, budget = 0;
        foreach (var t in trials.Where(t => t.State is TrialState.Complete or TrialState.Pruned or TrialState.Diverged))
        {
            if (Work(t, costs) is not { } work || TrialSummaries.Of(t) is not { Updates: > 0 } s)
            {
                continue;
            }

            var (batch, total) = work;

            var m = measured.GetValueOrDefault(batch);
            measured[batch] = (m.Seconds + s.WallSeconds, m.Updates + s.Updates);
            budgetUsed += Math.Min(s.Updates, total);
            budget += total;
        }

        var ratios = measured.Where(m => costs.SecondsPerUpdate.TryGetValue(m.Key, out var timed) && timed > 0)
            .Select(m => m.Value.Seconds / m.Value.Updates / costs.SecondsPerUpdate[m.Key]).Order().ToList();
        var scale = ratios.Count == 0 ? 1 : ratios[ratios.Count / 2];
        var share = budget > 0 ? budgetUsed / budget : 1;

        double seconds = 0;
        foreach (var t in left)
        {
            if (Work(t, costs) is not { } work)
            {
                return null;
            }

            var (batch, total) = work;

            double? perUpdate = measured.TryGetValue(batch, out var m) ? m.Seconds / m.Updates
                : costs.SecondsPerUpdate.TryGetValue(batch, out var timed) ? timed * scale
                : null;
            if (perUpdate is not double cost)
            {
                return null;
            }

            long? done = updatesDone is not null && updatesDone.TryGetValue(t.Number, out var d) ? d : null;
            var updates = t.State == TrialState.Queued ? total * share
                : done is long u ? Math.Max(0, (total * share) - u)
                : total * share / 2;
            seconds += updates * cost;
        }

        return TimeSpan.FromSeconds(seconds / workers);
    }

    /// <summary>A trial's batch size and update budget, or null where its spec gives no fixed count (a time budget, an unreadable spec).</summary>
    static (long Batch, long Updates)? Work(Trial trial, StepCosts costs)
    {
        try
        {
            var train = RunSpec.FromJson(trial.Parameters).Train;
            var plan = train.Plan(costs.TrainSamples);
            return train.Budget.TotalUpdates(plan) is long updates ? (plan.Batch, updates) : null;
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or BatchLabException or ArgumentException)
        {
            return null;
        }
    }
}
