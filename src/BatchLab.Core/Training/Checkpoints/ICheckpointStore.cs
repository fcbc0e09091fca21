namespace BatchLab.Training.Checkpoints;

/// <summary>
/// Where a run's checkpoints live: a folder for `batchlab train --out`, the experiment database
/// for sweep workers (so a worker on another machine can resume). Implementations keep at least
/// the last two, written atomically.
/// </summary>
public interface ICheckpointStore
{
    void Save(long update, byte[] checkpoint);

    /// <summary>Stored checkpoints, newest first, so a damaged newest one falls back to the older.</summary>
    IEnumerable<byte[]> LoadNewestFirst();
}
