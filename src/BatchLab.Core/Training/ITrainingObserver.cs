namespace BatchLab.Training;

/// <summary>The plan and rates a run starts with (printed before training, as nanochat does).</summary>
public sealed record TrainingStart(BatchPlan Plan, double PeakLearningRate, long? TotalUpdates, TrainCounters ResumedFrom);

/// <summary>One applied update. Allocation-free: passed by reference on every update.</summary>
public readonly record struct UpdateRecord(long Update, double Epoch, long Samples, double Loss, double LearningRate, double StepSeconds, double WallSeconds);

/// <summary>An evaluation: metric name → value (losses are means, errors fractions).</summary>
public sealed record EvaluationRecord(long Update, double Epoch, long Samples, double StepSeconds, double WallSeconds, IReadOnlyDictionary<string, double> Values);

/// <summary>
/// Watches a run from outside the step: metrics files, TensorBoard, progress bars, stores. Every
/// method runs on the training thread between updates, so keep OnUpdate cheap.
/// </summary>
public interface ITrainingObserver
{
    void OnStart(TrainingStart start) { }

    void OnUpdate(in UpdateRecord update) { }

    void OnEvaluation(EvaluationRecord evaluation) { }

    void OnCheckpoint(long update) { }

    void OnEnd(TrainResult result) { }
}
