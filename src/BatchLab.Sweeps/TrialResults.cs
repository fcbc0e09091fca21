namespace BatchLab.Sweeps;

/// <summary>
/// One value of a per-update curve: metric <see cref="Name"/> (e.g. "train_loss") after weight
/// update <see cref="Update"/>. Stores keep the value's exact bits, NaN and infinities included.
/// </summary>
public sealed record MetricPoint(string Name, long Update, double Value);

/// <summary>
/// Trainer state saved after weight update <see cref="Update"/> by attempt <see cref="Attempt"/>.
/// <see cref="Data"/> is opaque to the store.
/// </summary>
public sealed record StoredCheckpoint(long TrialId, int Attempt, long Update, ReadOnlyMemory<byte> Data, DateTimeOffset SavedAt);

/// <summary>How many trials are in each state (one study, or all).</summary>
public sealed record TrialCounts(int Queued, int Running, int Complete, int Diverged, int Failed, int Cancelled, int Pruned = 0)
{
    public int Total => Queued + Running + Complete + Diverged + Failed + Cancelled + Pruned;

    /// <summary>Trials that will not run again.</summary>
    public int Finished => Complete + Diverged + Failed + Cancelled + Pruned;

    public static TrialCounts From(IReadOnlyDictionary<TrialState, int> counts)
    {
        int Of(TrialState s) => counts.TryGetValue(s, out var n) ? n : 0;
        return new(Of(TrialState.Queued), Of(TrialState.Running), Of(TrialState.Complete), Of(TrialState.Diverged), Of(TrialState.Failed), Of(TrialState.Cancelled), Of(TrialState.Pruned));
    }
}
