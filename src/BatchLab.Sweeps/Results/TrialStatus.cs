using BatchLab.Sweeps.Specs;
using BatchLab.Sweeps.Storage;

namespace BatchLab.Sweeps.Results;

/// <summary>
/// One line of `batchlab status`: the trial's grid point (as values, the same object `export` writes,
/// and as a label), state (QUEUED ... CANCELLED), attempt, updates done (from its summary, or for an
/// unfinished one from its stored curves) and final errors.
/// </summary>
public sealed record TrialStatus(
    int Number,
    IReadOnlyDictionary<string, GridValue> Point,
    string Label,
    string State,
    int Attempt,
    int Failures,
    long? Updates,
    double? ValError,
    double? TestError,
    long? DivergedAt,
    string? Owner,
    string? Error)
{
    public static TrialStatus Of(Trial trial, IExperimentStore store)
    {
        var summary = TrialSummaries.Of(trial);
        var updates = summary?.Updates;
        if (!trial.State.IsFinal() && trial.Attempt > 0)
        {
            updates = store.Metrics(trial.Id).Select(m => (long?)m.Update).Max();
        }

        var point = GridPoint.FromKey(trial.Key);
        return new TrialStatus(
            trial.Number,
            point.Values.ToDictionary(v => v.Key, v => v.Value),
            point.Label,
            trial.State.ToName(),
            trial.Attempt,
            trial.Failures,
            updates,
            summary?.ValError,
            summary?.TestError,
            summary?.Divergence?.Update,
            trial.State == TrialState.Running ? trial.Owner : null,
            trial.State == TrialState.Complete ? null : trial.Error);
    }
}

/// <summary>A study's progress and the status of each of its trials.</summary>
public sealed record StudyStatus(StudyProgress Progress, IReadOnlyList<TrialStatus> Trials)
{
    public static StudyStatus Of(IExperimentStore store, string study, DateTimeOffset now)
    {
        var trials = store.TrialsOf(study);
        return new StudyStatus(StudyProgress.Of(study, trials, now), [.. trials.Select(t => TrialStatus.Of(t, store))]);
    }
}
