namespace BatchLab.Diagnostics.Memory;

/// <summary>How the budget search came to try an M.</summary>
public enum TrialPhase
{
    /// <summary>Doubling M from the start until a trial does not fit.</summary>
    Grow,

    /// <summary>Bisecting between the largest fit and the smallest miss.</summary>
    Bisect,

    /// <summary>Measuring the answer and its neighbour again in fresh processes.</summary>
    Recheck,
}

/// <summary>
/// One trial of the budget search: the measured training memory at M (null when the trial was not
/// run because the model predicted far more than the budget or the machine has), and whether it
/// fit under the budget less the safety margin.
/// </summary>
public sealed record BudgetTrial(long MicroBatch, TrialPhase Phase, long? MeasuredBytes, long PredictedBytes, bool Fits, string? Note = null);

/// <summary>
/// The largest micro-batch for a memory budget: first from the model, then confirmed by trials.
/// <paramref name="Limit"/> is the budget less the safety margin, the most a trial may use;
/// <paramref name="Confirmed"/> is null when not even the smallest M fit.
/// </summary>
public sealed record BudgetResult(long Budget, double Margin, long Limit, long ModelMicroBatch, long? Confirmed, bool ReachedCap, IReadOnlyList<BudgetTrial> Trials);
