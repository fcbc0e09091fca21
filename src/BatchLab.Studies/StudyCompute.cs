using BatchLab.Runs;
using BatchLab.Studies.Analysis;
using BatchLab.Studies.Budgeted;
using BatchLab.Sweeps;
using BatchLab.Sweeps.Storage;
using BatchLab.Sweeps.Workers;

namespace BatchLab.Studies;

/// <summary>
/// A study's training compute in samples through forward and backward passes: every trial it
/// trained (rungs, pruned and diverged runs included), against one training run of the preset's
/// budget — the median of its trials that trained the whole budget at a fixed B (every trial of
/// an epoch budget trains about the same samples at any B). Evaluation and diagnostics are not
/// counted: this is the compute the budgeted design saves. A trial that continued a lower rung
/// (<see cref="TrialContinuation"/>) counts only the samples it trained beyond it.
/// </summary>
public sealed record StudyCompute(long StudySamples, long? OneRunSamples, int Trials)
{
    /// <summary>The study's training compute as a multiple of one run; NaN when one run is unknown.</summary>
    public double Runs => OneRunSamples is long one && one > 0 ? (double)StudySamples / one : double.NaN;

    /// <summary>The compute of a stored study: its trials, each continued trial's inherited samples read from its metrics.</summary>
    public static StudyCompute Of(IExperimentStore store, string study, RunSpec spec)
    {
        var trials = store.TrialsOf(study);
        return Of(trials, spec, id => TrialContinuation.InheritedSamplesOf(store, id));
    }

    /// <param name="inherited">Samples a trial (by id) inherited from the lower rung it continued; null = none did.</param>
    public static StudyCompute Of(IReadOnlyList<Trial> trials, RunSpec spec, Func<long, long>? inherited = null)
    {
        var finished = trials.Select(t => (Trial: t, Result: FinishedTrial.From(t))).Where(p => p.Result is not null).ToList();
        var full = finished
            .Where(p => p.Trial.State == TrialState.Complete && p.Result!.OnFixedGrid && !BudgetedStudy.IsRung(p.Trial)
                && !(p.Result.Target is not null && RunSpec.FromJson(p.Trial.Parameters).Train.Target is { Stop: true }))
            .Select(p => p.Result!.Samples).Order().ToList();
        long? one = full.Count > 0 ? full[full.Count / 2]
            : spec.Train.Budget.Samples;
        return new StudyCompute(finished.Sum(p => p.Result!.Samples - (inherited?.Invoke(p.Trial.Id) ?? 0)), one, finished.Count);
    }
}
