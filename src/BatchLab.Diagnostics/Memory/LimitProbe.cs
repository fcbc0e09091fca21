namespace BatchLab.Diagnostics.Memory;

/// <summary>How the limit search came to try an M.</summary>
public enum ProbePhase
{
    /// <summary>Doubling M from the start until a probe does not fit.</summary>
    Grow,

    /// <summary>Bisecting between the largest fit and the smallest miss.</summary>
    Bisect,

    /// <summary>Measuring the answer and its neighbour again in fresh processes.</summary>
    Recheck,
}

/// <summary>
/// One probe of the limit search: the measured training memory at M (null when the probe was not
/// run because the model predicted far more than the limit or the machine has), and whether it
/// fit under the limit less the safety margin.
/// </summary>
public sealed record LimitProbe(long MicroBatch, ProbePhase Phase, long? MeasuredBytes, long PredictedBytes, bool Fits, string? Note = null);

/// <summary>
/// The largest micro-batch for a memory limit: first from the model, then confirmed by probes.
/// <paramref name="Usable"/> is the limit less the safety margin, the most a probe may use;
/// <paramref name="Confirmed"/> is null when not even the smallest M fit.
/// </summary>
public sealed record LimitSearchResult(long Limit, double Margin, long Usable, long ModelMicroBatch, long? Confirmed, bool ReachedCap, IReadOnlyList<LimitProbe> Probes);
