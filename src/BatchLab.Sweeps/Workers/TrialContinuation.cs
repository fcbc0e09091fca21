using BatchLab.Sweeps.Specs;
using BatchLab.Sweeps.Storage;

namespace BatchLab.Sweeps.Workers;

/// <summary>
/// Where a trial starts from: its own newest checkpoints when an earlier attempt left some (a
/// resume after a kill), else — for a trial on the <c>budget</c> axis (<see cref="GridAxes.BudgetFraction"/>,
/// a successive-halving rung) — the last checkpoints of the same point's COMPLETE trial at the
/// largest smaller fraction of the budget (same study, same key but for <c>budget</c> and
/// <c>stop_at_target</c>), so that a promoted rung trains only the updates beyond the lower rung
/// (successive halving with resumption, as ASHA does). The trainer accepts a checkpoint only when
/// its fingerprint matches the run (<see cref="Training.Checkpoints.RunFingerprint"/>): with a
/// constant rate the budget is no part of it and the continued run is bit-identical to one
/// trained from scratch to the larger budget (same seed, same sample order, same updates); a
/// decaying schedule spans the budget (its fingerprint holds it), so such a trial, like one with an
/// adaptive B, trains from scratch (<see cref="Continuable"/>).
/// Costs one listing of the study's trials and one read of checkpoints per claimed trial that
/// carries either axis; any other first attempt asks the store nothing (issue 23: a first attempt
/// trains on through a store outage).
/// </summary>
public static class TrialContinuation
{
    /// <summary>
    /// The metric a continued trial stores at the update it continued from: the samples it
    /// inherited from the lower rung (already counted in that trial), so a study's training
    /// compute counts each sample once.
    /// </summary>
    public const string InheritedSamples = "continued_samples";

    /// <summary>The samples trial <paramref name="trialId"/> inherited from the lower rung it continued (its <see cref="InheritedSamples"/> metric); 0 when it trained from scratch.</summary>
    public static long InheritedSamplesOf(IExperimentStore store, long trialId) =>
        store.Metrics(trialId).Where(m => m.Name == InheritedSamples).Select(m => (long)m.Value).DefaultIfEmpty(0).Max();

    /// <summary>The checkpoints to resume from (newest first; empty = from scratch) and the trial they came from when not this one.</summary>
    public sealed record Source(IReadOnlyList<StoredCheckpoint> Checkpoints, Trial? Parent);

    public static Source Of(IExperimentStore store, Trial trial)
    {
        var own = trial.Attempt <= 1 ? [] : store.LoadCheckpoints(trial.Id);
        if (own.Count > 0)
        {
            return new Source(own, null);
        }

        var axes = Point(trial.Key)?.Values.Select(v => v.Key).ToList() ?? [];
        if (!axes.Contains(GridAxes.BudgetFraction.Name) && !axes.Contains(GridAxes.StopAtTarget.Name))
        {
            return new Source([], null);
        }

        if (!Continuable(trial))
        {
            return new Source([], null);
        }

        var parent = Parent(store.TrialsOf(trial.Study), trial);
        return parent is null ? new Source([], null) : new Source(store.LoadCheckpoints(parent.Id), parent);
    }

    /// <summary>
    /// Whether a shorter run of this trial's spec is the prefix of a longer one, the case where
    /// <see cref="Training.Checkpoints.RunFingerprint"/> leaves the budget out: a constant rate
    /// (warm-up counts updates or epochs, not the budget) and a fixed B (an adaptive policy may plan
    /// B over the budget). Other trials train from scratch (a lower rung's checkpoint would be
    /// refused as another configuration's).
    /// </summary>
    public static bool Continuable(Trial trial)
    {
        try
        {
            var train = Runs.RunSpec.FromJson(trial.Parameters).Train;
            return train.LearningRate.Schedule == Training.ScheduleKind.Constant && train.Adaptive is null;
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or BatchLabException)
        {
            return false;
        }
    }

    /// <summary>The COMPLETE trial of <paramref name="trials"/> that <paramref name="trial"/> continues, or null (no <c>budget</c> axis below its own).</summary>
    public static Trial? Parent(IReadOnlyList<Trial> trials, Trial trial)
    {
        if (Split(trial.Key) is not var (rest, fraction))
        {
            return null;
        }

        return trials
            .Where(t => t.State == TrialState.Complete && t.Id != trial.Id)
            .Select(t => (Trial: t, Point: Split(t.Key)))
            .Where(t => t.Point is { } p && p.Others == rest && p.Fraction < fraction)
            .OrderByDescending(t => t.Point!.Value.Fraction)
            .Select(t => t.Trial)
            .FirstOrDefault();
    }

    /// <summary>A key's values but the budget's and the stop rule's (which do not shape the trajectory before the stop), and its budget fraction (1 without the axis).</summary>
    static (string Others, double Fraction)? Split(string key)
    {
        if (Point(key) is not { } point)
        {
            return null;
        }

        var fraction = point.Values.Where(v => v.Key == GridAxes.BudgetFraction.Name).Select(v => v.Value.Number ?? 1).DefaultIfEmpty(1).First();
        var rest = GridPoint.Of(point.Values.Where(v => v.Key != GridAxes.BudgetFraction.Name && v.Key != GridAxes.StopAtTarget.Name)).Key;
        return (rest, fraction);
    }

    /// <summary>A grid point's key read back; null for a key that is not one (a hand-made trial's).</summary>
    static GridPoint? Point(string key)
    {
        try
        {
            return GridPoint.FromKey(key);
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or BatchLabException)
        {
            return null;
        }
    }
}
