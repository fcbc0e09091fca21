using BatchLab.Runs;
using BatchLab.Studies.Analysis;
using BatchLab.Studies.Budgeted;
using BatchLab.Sweeps;

namespace BatchLab.Studies;

/// <summary>
/// A study's training compute in samples through forward and backward passes: every trial it
/// trained (rungs, pruned and diverged runs included), against one training run of the preset's
/// budget — the median of its trials that trained the whole budget at a fixed B (every trial of
/// an epoch budget trains about the same samples at any B). Evaluation and diagnostics are not
/// counted: this is the compute the budgeted design saves.
/// </summary>
public sealed record StudyCompute(long StudySamples, long? OneRunSamples, int Trials)
{
    /// <summary>The study's training compute as a multiple of one run; NaN when one run is unknown.</summary>
    public double Runs => OneRunSamples is long one && one > 0 ? (double)StudySamples / one : double.NaN;

    public static StudyCompute Of(IReadOnlyList<Trial> trials, RunSpec spec)
    {
        var finished = trials.Select(t => (Trial: t, Result: FinishedTrial.From(t))).Where(p => p.Result is not null).ToList();
        var full = finished
            .Where(p => p.Trial.State == TrialState.Complete && p.Result!.Adaptive is null && !BudgetedStudy.IsRung(p.Trial)
                && !(p.Result.Target is not null && RunSpec.FromJson(p.Trial.Parameters).Train.Target is { Stop: true }))
            .Select(p => p.Result!.Samples).Order().ToList();
        long? one = full.Count > 0 ? full[full.Count / 2]
            : spec.Train.Budget.Samples;
        return new StudyCompute(finished.Sum(p => p.Result!.Samples), one, finished.Count);
    }
}
