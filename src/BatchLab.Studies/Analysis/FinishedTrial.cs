using System.Text.Json;
using BatchLab.Runs;
using BatchLab.Sweeps;
using BatchLab.Sweeps.Specs;
using BatchLab.Training;

namespace BatchLab.Studies.Analysis;

/// <summary>
/// One finished trial reduced to what the analyses need: its grid point (B, the per-update rate
/// η and the per-sample rate η̃ = η/B, seed), how it ended (complete, diverged, or pruned as not
/// learning), its final and best metrics, and its steps to the target if one was set.
/// <see cref="StepSeconds"/> is the trial's own training-step time: for a member of a fused
/// group its share of the group's steps (FusedTrainer divides each fused step equally among
/// its members).
/// </summary>
public sealed record FinishedTrial(
    long Batch,
    bool FullBatch,
    double LearningRate,
    long Seed,
    bool Diverged,
    IReadOnlyDictionary<string, double> Final,
    IReadOnlyDictionary<string, double> Best,
    long Updates,
    long Samples,
    double StepSeconds,
    TargetHit? Target,
    bool Pruned = false,
    string? PruneReason = null)
{
    /// <summary>
    /// The adaptive-batch policy the trial trained under (its `--batch adaptive:…` value), null for a
    /// fixed B. Such a trial's <see cref="Batch"/> and rate are where it ended, so the fixed-B
    /// analyses leave it out; <see cref="AdaptiveComparison"/> sets it beside them.
    /// </summary>
    public string? Adaptive { get; init; }

    /// <summary>η̃ at the adaptive run's starting batch B₀ (the rate its schedule refers to); null for a fixed B.</summary>
    public double? AdaptiveBaseLearningRate { get; init; }

    /// <summary>
    /// The rate decay the trial trained under when its batch value was one (<c>decay:b=32,…</c>, the
    /// decaying twin of a schedule policy); null otherwise. Its (B, η̃) cell is a constant-rate run's
    /// too, so the grid analyses leave it out (<see cref="OnFixedGrid"/>).
    /// </summary>
    public RateDecay? Decay { get; init; }

    /// <summary>
    /// A fixed-B run of the grid proper: neither adaptive (no one B) nor a decaying twin (a
    /// different rate schedule in a cell of constant-rate runs, which would pass for another seed).
    /// </summary>
    public bool OnFixedGrid => Adaptive is null && Decay is null;

    /// <summary>η̃ = η / B, Masters &amp; Luschi's per-sample learning rate.</summary>
    public double BaseLearningRate => LearningRate / Batch;

    /// <summary>Seconds per weight update measured in this trial (training steps only).</summary>
    public double SecondsPerUpdate => Updates > 0 ? StepSeconds / Updates : double.NaN;

    public double FinalOr(string metric) => Final.TryGetValue(metric, out var v) ? v : double.NaN;

    static readonly JsonSerializerOptions SummaryJson = new(RunSpec.Json) { PropertyNameCaseInsensitive = true };

    /// <summary>The outcome of a stored trial; null while it has no final values (queued, running, failed).</summary>
    public static FinishedTrial? From(Trial trial)
    {
        if (trial.FinalValues is null || trial.State is not (TrialState.Complete or TrialState.Diverged or TrialState.Pruned))
        {
            return null;
        }

        var spec = RunSpec.FromJson(trial.Parameters);
        var summary = JsonSerializer.Deserialize<TrainSummary>(trial.FinalValues, SummaryJson)
            ?? throw new InvalidDataException($"trial {trial.Id} has empty final values");
        // Only the key says a trial is a decaying twin: its run spec is a fixed B with a step schedule, as any step-schedule sweep's.
        var batch = trial.Key.Contains(RateDecay.Word, StringComparison.Ordinal)
            ? GridPoint.FromKey(trial.Key).Values.FirstOrDefault(v => v.Key == GridAxes.Batch.Name).Value.Word
            : null;
        return FromSummary(summary, spec.Train) with { Decay = batch is { } w && RateDecay.IsDecay(w) ? RateDecay.Parse(w) : null };
    }

    public static FinishedTrial FromSummary(TrainSummary s, TrainOptions options)
    {
        var final = new Dictionary<string, double>();
        void Add(string name, double? value)
        {
            if (value is double v)
            {
                final[name] = v;
            }
        }

        Add("train_loss", s.TrainLoss);
        Add("train_error", s.TrainError);
        Add("val_loss", s.ValLoss);
        Add("val_error", s.ValError);
        Add("test_loss", s.TestLoss);
        Add("test_error", s.TestError);
        return new FinishedTrial(s.Batch, options.Batch.IsFull, s.LearningRate, options.Seed, s.State == "DIVERGED",
            final, s.Best, s.Updates, s.Samples, s.StepSeconds, s.Target, s.State == "PRUNED", s.PruneReason)
        {
            Adaptive = options.Adaptive?.ToString(),
            AdaptiveBaseLearningRate = options.Adaptive is { } a ? options.LearningRate.BaseLr ?? options.LearningRate.Lr / a.Min : null,
        };
    }
}
