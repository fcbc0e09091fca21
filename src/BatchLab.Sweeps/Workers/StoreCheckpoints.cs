using BatchLab.Sweeps.Storage;
using BatchLab.Training.Checkpoints;

namespace BatchLab.Sweeps.Workers;

/// <summary>
/// A trial's checkpoints in the experiment store, so that any worker on any machine can resume
/// it. Saving first writes the metrics up to the checkpoint's update: a resumed trial replays
/// only the updates after it, so its curves have no holes. Writes carry the attempt's lease and
/// throw <see cref="LeaseLostException"/> once another worker owns the trial. A first attempt
/// asks the store for nothing when it starts: only claims of the trial write its checkpoints, so
/// there are none yet, and the question would make training wait out an outage that began
/// between the claim and the first update (issue 23: a trial "trained for 63.8 s" through a
/// 60-second outage, its resume inside the trainer's clock). Given <paramref name="resume"/> (what
/// <see cref="TrialContinuation"/> found before training: the trial's own checkpoints, or a lower
/// rung's), it offers those instead of asking.
/// </summary>
public sealed class StoreCheckpoints(IExperimentStore store, TrialLease lease, StoreMetrics metrics, IReadOnlyList<StoredCheckpoint>? resume = null) : ICheckpointStore
{
    public void Save(long update, byte[] checkpoint)
    {
        metrics.Flush();
        store.SaveCheckpoint(lease, update, checkpoint);
    }

    public IEnumerable<byte[]> LoadNewestFirst() => resume is not null ? resume.Select(c => c.Data.ToArray())
        : lease.Attempt <= 1 ? []
        : store.LoadCheckpoints(lease.TrialId).Select(c => c.Data.ToArray());
}
