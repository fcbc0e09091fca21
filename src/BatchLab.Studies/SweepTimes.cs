using System.Globalization;
using System.Text.Json;
using BatchLab.Runs;
using BatchLab.Sweeps;
using BatchLab.Training;

namespace BatchLab.Studies;

/// <summary>
/// Where a sweep's worker time went, summed over its finished trials' stored summaries: training
/// steps, evaluation, checkpoints, and the rest of the trials' wall time (the store's metric
/// writes, data sampling, hashing). Seconds of one worker each: with W workers the sweep's wall
/// time is about the total / W. Trials stored before these times were recorded count as 0.
/// </summary>
public sealed record SweepTimes(int Trials, double Wall, double Steps, double Evaluation, double Checkpoints)
{
    static readonly JsonSerializerOptions SummaryJson = new(RunSpec.Json) { PropertyNameCaseInsensitive = true };

    public double Other => Wall - Steps - Evaluation - Checkpoints;

    public static SweepTimes Of(IEnumerable<Trial> trials)
    {
        var summaries = trials.Where(t => t.FinalValues is not null && t.State is TrialState.Complete or TrialState.Diverged or TrialState.Pruned)
            .Select(t => JsonSerializer.Deserialize<TrainSummary>(t.FinalValues!, SummaryJson)).OfType<TrainSummary>().ToList();
        return new SweepTimes(summaries.Count, summaries.Sum(s => s.WallSeconds), summaries.Sum(s => s.StepSeconds), summaries.Sum(s => s.EvalSeconds), summaries.Sum(s => s.CheckpointSeconds));
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Trials} trials, {Wall:F1} worker-seconds: steps {Steps:F1}, evaluation {Evaluation:F1}, checkpoints {Checkpoints:F1}, the rest {Other:F1}");
}
