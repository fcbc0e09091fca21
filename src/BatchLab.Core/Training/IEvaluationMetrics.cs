namespace BatchLab.Training;

/// <summary>
/// Adds values measured outside the evaluator (e.g. the gradient noise scale a probe tracks) to
/// every evaluation, so they reach each observer — metrics.jsonl, TensorBoard, stores — beside
/// the losses. Called on the training thread at each evaluation; keep it cheap.
/// </summary>
public interface IEvaluationMetrics
{
    void AddTo(IDictionary<string, double> values);
}
