using BatchLab.Sweeps.Storage;
using BatchLab.Training.Checkpoints;

namespace BatchLab.Sweeps.Workers;

/// <summary>
/// A trial's checkpoints in the experiment store, so that any worker on any machine can resume
/// it. Saving first writes the metrics up to the checkpoint's update: a resumed trial replays
/// only the updates after it, so its curves have no holes. Writes carry the attempt's lease and
/// throw <see cref="LeaseLostException"/> once another worker owns the trial.
/// </summary>
public sealed class StoreCheckpoints(IExperimentStore store, TrialLease lease, StoreMetrics metrics) : ICheckpointStore
{
    public void Save(long update, byte[] checkpoint)
    {
        metrics.Flush();
        store.SaveCheckpoint(lease, update, checkpoint);
    }

    public IEnumerable<byte[]> LoadNewestFirst() => store.LoadCheckpoints(lease.TrialId).Select(c => c.Data.ToArray());
}
