using static TorchSharp.torch;

namespace BatchLab.Training.Checkpoints;

/// <summary>Finding and applying stored checkpoints, shared by the trainer and fused groups.</summary>
public static class CheckpointReader
{
    /// <summary>
    /// Every checkpoint in <paramref name="store"/> that decodes, newest first, each checked against
    /// <paramref name="fingerprint"/>. A damaged one is skipped; when none decodes but some exist,
    /// the last problem is thrown. The caller disposes what it takes.
    /// </summary>
    public static IEnumerable<Checkpoint> Decoded(ICheckpointStore store, string fingerprint)
    {
        string? lastProblem = null;
        var any = false;
        foreach (var bytes in store.LoadNewestFirst())
        {
            Checkpoint checkpoint;
            try
            {
                checkpoint = Checkpoint.Decode(bytes);
            }
            catch (InvalidDataException e)
            {
                lastProblem = e.Message;
                continue;
            }

            if (checkpoint.Fingerprint != fingerprint)
            {
                checkpoint.Dispose();
                throw new BatchLabException(
                    "the checkpoint was written by a different configuration (batch, optimizer, learning rate, seed, data or model differ); start a new run in another --out folder");
            }

            any = true;
            yield return checkpoint;
        }

        if (!any && lastProblem is not null)
        {
            throw new BatchLabException($"no usable checkpoint to resume from: {lastProblem}");
        }
    }

    /// <summary>Copies the checkpoint's "model.*" tensors into <paramref name="model"/>, every name and shape checked first.</summary>
    public static void RestoreModel(Checkpoint checkpoint, nn.Module model) => CheckpointWeights.Apply(checkpoint, model, "the checkpoint");

    /// <summary>The checkpoint's optimizer state ("optim.*") under the optimizer's own names.</summary>
    public static Dictionary<string, Tensor> OptimizerState(Checkpoint checkpoint) =>
        checkpoint.Tensors.Where(t => t.Key.StartsWith("optim.", StringComparison.Ordinal))
            .ToDictionary(t => t.Key["optim.".Length..], t => t.Value);
}
