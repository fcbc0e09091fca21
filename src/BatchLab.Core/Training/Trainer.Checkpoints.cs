using BatchLab.Training.Checkpoints;

namespace BatchLab.Training;

public sealed partial class Trainer
{
    string Fingerprint() => RunFingerprint.Of(Plan, options, ledger.TotalUpdates ?? ledger.TotalSamples, data.Name, model);

    void SaveCheckpoint()
    {
        State.Policy = new Dictionary<string, double>(policy.Save());
        ledger.SaveCheckpoint(Fingerprint(), model.state_dict().Select(p => (p.Key, p.Value)), optimizer.State().ToList());
    }

    /// <summary>
    /// Restores the newest checkpoint that decodes and belongs to this configuration; a damaged
    /// newest one falls back to the older. No checkpoint at all starts from scratch.
    /// </summary>
    void TryResume()
    {
        if (hooks.Checkpoints is null)
        {
            return;
        }

        using var checkpoint = CheckpointReader.Decoded(hooks.Checkpoints, Fingerprint()).FirstOrDefault();
        if (checkpoint is not null)
        {
            CheckpointReader.RestoreModel(checkpoint, model);
            optimizer.LoadState(CheckpointReader.OptimizerState(checkpoint));
            ledger.State = checkpoint.State;
            policy.Restore(checkpoint.State.Policy);
        }
    }
}
