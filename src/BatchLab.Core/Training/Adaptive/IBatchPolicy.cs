namespace BatchLab.Training.Adaptive;

/// <summary>A change of B (and η) a policy made, with what it decided on; recorded in the metrics.</summary>
public sealed record BatchDecision(long Update, long Samples, long Batch, double RateScale, double? NoiseScale, double? PredictedGoodput, string Reason);

/// <summary>
/// Decides the batch size B of each update (see <see cref="AdaptiveBatch"/>). The trainer asks
/// for <see cref="Batch"/> and <see cref="RateScale"/> before an update and tells the policy after
/// it; everything a policy decides on must be in <see cref="Save"/>'s state (a resumed run then
/// decides exactly as an uninterrupted one). A policy may also see the gradients (as an
/// <see cref="IGradientProbe"/>) and add values to evaluations (as <see cref="IEvaluationMetrics"/>).
/// </summary>
public interface IBatchPolicy
{
    /// <summary>B of the next update (before an epoch's tail shortens it).</summary>
    long Batch { get; }

    /// <summary>η of the next update over the schedule's η₀ (1 when B = B₀ or the rule is none).</summary>
    double RateScale { get; }

    /// <summary>After an applied update; a non-null decision means B or η changes from the next update on.</summary>
    BatchDecision? AfterUpdate(TrainCounters counters);

    /// <summary>The policy's state (decision inputs included), for checkpoints.</summary>
    IReadOnlyDictionary<string, double> Save();

    void Restore(IReadOnlyDictionary<string, double> state);
}

/// <summary>Today's behaviour: B never changes.</summary>
public sealed class FixedBatch(long batch) : IBatchPolicy
{
    public long Batch => batch;

    public double RateScale => 1;

    public BatchDecision? AfterUpdate(TrainCounters counters) => null;

    public IReadOnlyDictionary<string, double> Save() => new Dictionary<string, double>();

    public void Restore(IReadOnlyDictionary<string, double> state)
    {
    }
}
