using BatchLab.Data;
using BatchLab.Training.Checkpoints;
using static TorchSharp.torch;

namespace BatchLab.Training;

/// <summary>
/// The bookkeeping of one run around its weight updates: counters, learning-rate schedule,
/// evaluations, target, observers, checkpoints and the final result. It never computes a step,
/// so the same ledger serves a <see cref="Trainer"/> (one run) and a fused group (one per member),
/// and both report a run identically.
/// </summary>
public sealed class RunLedger
{
    readonly TrainOptions options;
    readonly long? evalEveryUpdates;
    readonly long? checkpointEveryUpdates;
    long lastCheckpointTimestamp;
    double? chanceError;

    // An adaptive run's progress is counted in samples (its update count depends on the B it
    // picks): the budget, the schedule (in updates of B₀) and evaluation/checkpoint intervals.
    readonly bool adaptive;
    readonly long? totalSamples;
    bool crossedEvaluation;
    bool crossedCheckpoint;

    public RunLedger(BatchPlan plan, TrainOptions options, TrainerHooks hooks)
    {
        options.Validate();
        this.options = options;
        Plan = plan;
        Hooks = hooks;
        adaptive = options.Adaptive is not null;
        var peak = options.LearningRate.PeakFor(plan.Batch);
        var warmup = options.LearningRate.Warmup?.ToUpdates(plan) ?? 0;
        evalEveryUpdates = options.EvalEvery?.ToUpdates(plan);
        checkpointEveryUpdates = hooks.CheckpointEvery?.ToUpdates(plan);
        if (adaptive)
        {
            TotalUpdates = options.Budget.Updates;
            totalSamples = options.Budget.TotalSamples(plan);
            var baseUpdates = totalSamples is long s ? (s + plan.Batch - 1) / plan.Batch : TotalUpdates;
            Schedule = new LrSchedule(options.LearningRate, peak, warmup, baseUpdates);
        }
        else
        {
            TotalUpdates = options.Budget.TotalUpdates(plan);
            Schedule = new LrSchedule(options.LearningRate, peak, warmup, TotalUpdates);
        }
    }

    /// <summary>Samples the budget allows an adaptive run (null for a fixed-B run, which counts updates).</summary>
    public long? TotalSamples => totalSamples;

    public BatchPlan Plan { get; }

    public TrainerHooks Hooks { get; }

    public LrSchedule Schedule { get; }

    public long? TotalUpdates { get; }

    public TrainCounters State { get; set; } = new();

    /// <summary>Why <see cref="Pruning"/> stopped the run at its last evaluation; null while it goes on.</summary>
    public string? PruneReason { get; private set; }

    /// <summary>η of the update about to be applied (for an adaptive run, η₀ at B₀: the schedule runs on samples / B₀).</summary>
    public double LearningRate => Schedule.At(adaptive ? State.Samples / Plan.Batch : State.Update);

    public double Epochs => State.Position.Epoch + ((double)State.Position.Offset / Plan.SamplesPerEpoch);

    public bool Finished(double wallSeconds) =>
        (TotalUpdates is long total && State.Update >= total)
        || (totalSamples is long samples && State.Samples >= samples)
        || (options.Budget.Time is { } limit && wallSeconds >= limit.TotalSeconds)
        || (State.TargetReached is not null && options.Target is { Stop: true })
        || PruneReason is not null;

    public void Start(long sessionStartTimestamp)
    {
        lastCheckpointTimestamp = sessionStartTimestamp;
        Notify(o => o.OnStart(new TrainingStart(Plan, Schedule.Peak, TotalUpdates, State) { Adaptive = options.Adaptive }));
    }

    /// <summary>Counts one applied update of <paramref name="batch"/> samples; returns whether it ended an epoch.</summary>
    public bool Record(double loss, long batch, double learningRate, double stepSeconds, SamplerPosition next, double wallSeconds)
    {
        var epochEnded = next.Epoch != State.Position.Epoch;
        if (adaptive)
        {
            static bool Crossed(long? every, long before, long after) => every is long k && before / k != after / k;
            crossedEvaluation = Crossed(evalEveryUpdates * Plan.Batch, State.Samples, State.Samples + batch);
            crossedCheckpoint = Crossed(checkpointEveryUpdates * Plan.Batch, State.Samples, State.Samples + batch);
        }

        State.Update++;
        State.Position = next;
        State.Samples += batch;
        State.StepSeconds += stepSeconds;
        State.LastFiniteLoss = loss;
        State.RunningLossSum += loss;
        State.RunningLossCount++;
        var record = new UpdateRecord(State.Update, Epochs, State.Samples, loss, learningRate, stepSeconds, wallSeconds);
        foreach (var observer in Hooks.Observers)
        {
            observer.OnUpdate(in record);
        }

        return epochEnded;
    }

    public bool EvaluationDue(bool epochEnded) =>
        evalEveryUpdates is not long k ? epochEnded : adaptive ? crossedEvaluation : State.Update % k == 0;

    /// <summary>Evaluates <paramref name="model"/> on every split (whole), updates best values and the target, and notifies.</summary>
    public void Evaluate(nn.Module<Tensor, Tensor> model, Dataset data, double wallSeconds)
    {
        var start = Hooks.Time.GetTimestamp();
        var values = Evaluator.All(model, data, options.TrainEvalSamples, (split, done, total) => Notify(o => o.OnEvaluationProgress(split, done, total)));
        State.EvalSeconds += Hooks.Time.GetElapsedTime(start).TotalSeconds;
        RecordEvaluation(values, new HashSet<string>(), false, data, wallSeconds);
    }

    /// <summary>The run's evaluation screen; null = every evaluation reads whole splits.</summary>
    public EvalScreen? Screen => options.Screen;

    /// <summary>Training samples an evaluation reads (null = all).</summary>
    public long? TrainEvalSamples => options.TrainEvalSamples;

    /// <summary>
    /// Whether the last evaluation was not the solo evaluator's on whole splits (batched, or partly
    /// screened): a run that ends there is evaluated again by <see cref="Evaluate"/>, so that
    /// final values are always what a solo evaluation of the whole splits gives.
    /// </summary>
    public bool LastProvisional => State.Provisional;

    /// <summary>
    /// For the evaluation about to be made at this update: whether a split's screen (split name,
    /// its sums) may stand for the whole split, by <see cref="EvalScreen"/>'s rule; null when every
    /// split must be whole (no screen, or the evaluation before the first update). The final
    /// evaluation is the trainer's to make whole.
    /// </summary>
    internal Func<string, SplitSums, bool>? ScreenRule(Dataset data)
    {
        if (options.Screen is not { } screen || State.Update == 0)
        {
            return null;
        }

        var target = State.TargetReached is null ? options.Target : null;
        var prune = PruneReason is null && options.Pruning is { } pruning
            ? pruning.Threshold(State.Update, TotalUpdates, State.StartLoss, ChanceError(data))
            : null;
        static string SplitOf(string metric) => metric[..metric.LastIndexOf('_')];
        return (split, sums) =>
            !(target is { } t && SplitOf(t.Metric) == split)
            && !(prune is var (metric, threshold) && SplitOf(metric) == split && !screen.ClearlyBelow(sums, metric, threshold));
    }

    double? ChanceError(Dataset data)
    {
        chanceError ??= Pruning.ChanceError(data) ?? double.NaN;
        return double.IsNaN(chanceError.Value) ? null : chanceError;
    }

    /// <summary>
    /// Takes an evaluation's values (metric → value; <paramref name="screened"/> names those read
    /// from a screen; <paramref name="provisional"/> when not the solo evaluator's, see
    /// <see cref="LastProvisional"/>): updates best values (whole-split values only), the target
    /// and pruning, and notifies the observers.
    /// </summary>
    internal void RecordEvaluation(Dictionary<string, double> values, IReadOnlySet<string> screened, bool provisional, Dataset data, double wallSeconds)
    {
        if (data.Task == TaskKind.NextToken)
        {
            // Each loss also in bits per token (bits per byte for byte tokens), the unit text models are compared in.
            foreach (var split in (string[])["train", "val", "test"])
            {
                if (values.TryGetValue($"{split}_loss", out var loss))
                {
                    values[$"{split}_bpb"] = LossUnits.BitsPerToken(loss);
                }
            }
        }

        foreach (var source in Hooks.Metrics)
        {
            source.AddTo(values);
        }

        if (State.RunningLossCount > 0)
        {
            values["train_batch_loss"] = State.RunningLossSum / State.RunningLossCount;
        }

        State.RunningLossSum = 0;
        State.RunningLossCount = 0;
        State.LastEvaluatedUpdate = State.Update;
        State.Latest = values;
        State.Provisional = provisional || screened.Count > 0;
        foreach (var (name, value) in values.Where(v => !screened.Contains(v.Key)))
        {
            State.Best[name] = State.Best.TryGetValue(name, out var best) ? Math.Min(best, value) : value;
        }

        if (State.TargetReached is null && options.Target is { } target)
        {
            if (target.IsMet(values))
            {
                State.TargetReached = new TargetHit(target.Metric, target.Threshold, values[target.Metric], State.Update, State.Samples, Epochs, State.StepSeconds, State.PreviousTargetValue);
            }
            else if (values.TryGetValue(target.Metric, out var value))
            {
                State.PreviousTargetValue = new TargetApproach(State.Update, State.Samples, State.StepSeconds, value);
            }
        }

        if (State.Update == 0 && values.TryGetValue("train_loss", out var startLoss))
        {
            State.StartLoss = startLoss;
        }

        if (PruneReason is null && options.Pruning is { } pruning)
        {
            PruneReason = pruning.Check(values, State.Update, TotalUpdates, State.StartLoss, ChanceError(data));
        }

        var evaluation = new EvaluationRecord(State.Update, Epochs, State.Samples, State.StepSeconds, wallSeconds, values) { Screened = screened };
        Notify(o => o.OnEvaluation(evaluation));
    }

    public bool CheckpointDue(bool epochEnded)
    {
        if (Hooks.Checkpoints is null)
        {
            return false;
        }

        var byProgress = checkpointEveryUpdates is not long every ? epochEnded : adaptive ? crossedCheckpoint : State.Update % every == 0;
        var byTime = Hooks.CheckpointInterval is { } interval && Hooks.Time.GetElapsedTime(lastCheckpointTimestamp) >= interval;
        return byProgress || byTime;
    }

    /// <summary>
    /// Writes a checkpoint of the model state dict ("model.*") and optimizer state ("optim.*").
    /// The tensors are borrowed: encoded at once, never disposed here.
    /// </summary>
    public void SaveCheckpoint(string fingerprint, IEnumerable<(string Name, Tensor Value)> modelState, IEnumerable<(string Name, Tensor Value)> optimizerState)
    {
        var tensors = new Dictionary<string, Tensor>();
        foreach (var (name, tensor) in modelState)
        {
            tensors["model." + name] = tensor;
        }

        foreach (var (name, tensor) in optimizerState)
        {
            tensors["optim." + name] = tensor;
        }

        var start = Hooks.Time.GetTimestamp();
        Hooks.Checkpoints!.Save(State.Update, new Checkpoint(State, fingerprint, tensors).Encode());
        lastCheckpointTimestamp = Hooks.Time.GetTimestamp();
        State.CheckpointSeconds += Hooks.Time.GetElapsedTime(start, lastCheckpointTimestamp).TotalSeconds;
        foreach (var observer in Hooks.Observers)
        {
            observer.OnCheckpoint(State.Update);
        }
    }

    public TrainResult Result(RunEnd end, DivergenceInfo? divergence, string weightsSha256) =>
        new(end, State.Update, Epochs, State.Samples, State.StepSeconds, State.WallSeconds, Schedule.Peak,
            new Dictionary<string, double>(State.Latest), new Dictionary<string, double>(State.Best), State.TargetReached, divergence, weightsSha256,
            end == RunEnd.Pruned ? PruneReason : null)
        { EvalSeconds = State.EvalSeconds, CheckpointSeconds = State.CheckpointSeconds };

    public void Notify(Action<ITrainingObserver> action)
    {
        foreach (var observer in Hooks.Observers)
        {
            action(observer);
        }
    }
}
