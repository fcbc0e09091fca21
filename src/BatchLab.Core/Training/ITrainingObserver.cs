namespace BatchLab.Training;

/// <summary>The plan and rates a run starts with (printed before training, as nanochat does).</summary>
public sealed record TrainingStart(BatchPlan Plan, double PeakLearningRate, long? TotalUpdates, TrainCounters ResumedFrom)
{
    /// <summary>The adaptive batch size the run trains with (B then starts at its minimum); null for a fixed B.</summary>
    public Adaptive.AdaptiveBatch? Adaptive { get; init; }
}

/// <summary>One applied update. Allocation-free: passed by reference on every update.</summary>
public readonly record struct UpdateRecord(long Update, double Epoch, long Samples, double Loss, double LearningRate, double StepSeconds, double WallSeconds);

/// <summary>An evaluation: metric name → value (losses are means, errors fractions).</summary>
public sealed record EvaluationRecord(long Update, double Epoch, long Samples, double StepSeconds, double WallSeconds, IReadOnlyDictionary<string, double> Values)
{
    /// <summary>The metrics read from the first samples of their split only (<see cref="EvalScreen"/>); empty when every split was read whole.</summary>
    public IReadOnlySet<string> Screened { get; init; } = new HashSet<string>();
}

/// <summary>
/// Watches a run from outside the step: metrics files, TensorBoard, progress bars, stores. Every
/// method runs on the training thread between updates, so keep OnUpdate cheap.
/// </summary>
public interface ITrainingObserver
{
    void OnStart(TrainingStart start) { }

    void OnUpdate(in UpdateRecord update) { }

    /// <summary>
    /// Between chunks of an evaluation (every <see cref="Evaluator.DefaultChunk"/> samples): a real
    /// model over tens of thousands of samples evaluates for minutes, and a bar that stands still
    /// then reads as a hang (issue 27).
    /// </summary>
    void OnEvaluationProgress(string split, long done, long total) { }

    void OnEvaluation(EvaluationRecord evaluation) { }

    void OnCheckpoint(long update) { }

    /// <summary>An adaptive batch policy changed B or η from the next update on.</summary>
    void OnBatchChange(Adaptive.BatchDecision decision) { }

    void OnEnd(TrainResult result) { }
}
