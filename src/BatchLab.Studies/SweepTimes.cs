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
/// time is about the total / W. Trials stored before these times were recorded count as 0. A
/// trial that continued a lower rung's checkpoint carries that rung's times in its summary (the
/// counters are restored with the weights): only its own part counts.
/// </summary>
public sealed record SweepTimes(int Trials, double Wall, double Steps, double Evaluation, double Checkpoints)
{
    static readonly JsonSerializerOptions SummaryJson = new(RunSpec.Json) { PropertyNameCaseInsensitive = true };

    public double Other => Wall - Steps - Evaluation - Checkpoints;

    /// <param name="continued">The lower rung a trial continued (<see cref="Sweeps.Workers.TrialContinuation"/>), or null when it trained from scratch; null = none did.</param>
    public static SweepTimes Of(IEnumerable<Trial> trials, Func<Trial, Trial?>? continued = null)
    {
        TrainSummary? Summary(Trial? t) => t?.FinalValues is null ? null : JsonSerializer.Deserialize<TrainSummary>(t.FinalValues, SummaryJson);
        var summaries = trials.Where(t => t.FinalValues is not null && t.State is TrialState.Complete or TrialState.Diverged or TrialState.Pruned)
            .Select(t => (Own: Summary(t), Inherited: Summary(continued?.Invoke(t)))).Where(s => s.Own is not null).ToList();
        double Sum(Func<TrainSummary, double> value) => summaries.Sum(s => value(s.Own!) - (s.Inherited is { } i ? value(i) : 0));
        return new SweepTimes(summaries.Count, Sum(s => s.WallSeconds), Sum(s => s.StepSeconds), Sum(s => s.EvalSeconds), Sum(s => s.CheckpointSeconds));
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Trials} trials, {Wall:F1} worker-seconds: steps {Steps:F1}, evaluation {Evaluation:F1}, checkpoints {Checkpoints:F1}, the rest {Other:F1}");
}
