using static TorchSharp.torch;

namespace BatchLab.Training.Checkpoints;

/// <summary>
/// Reads the model weights out of a training checkpoint, for diagnostics that look at a trained
/// model: <c>train --out DIR</c> leaves them in DIR/checkpoints/ckpt-*.bin.
/// </summary>
public static class CheckpointWeights
{
    /// <summary>
    /// Copies the weights of the checkpoint at <paramref name="path"/> — a checkpoint file, a
    /// checkpoints folder or a run folder (its newest valid checkpoint) — into
    /// <paramref name="model"/>, after checking every tensor's name and shape, and returns the
    /// trainer's counters at that point (update, samples).
    /// </summary>
    public static TrainCounters Load(nn.Module model, string path)
    {
        using var checkpoint = Read(path);
        Apply(checkpoint, model, $"checkpoint '{path}'");
        return checkpoint.State;
    }

    /// <summary>
    /// Copies <paramref name="checkpoint"/>'s "model.*" tensors into <paramref name="model"/> after
    /// checking every name and shape, so a mismatch changes nothing. <paramref name="where"/> names
    /// the checkpoint in the error.
    /// </summary>
    public static void Apply(Checkpoint checkpoint, nn.Module model, string where)
    {
        var saved = checkpoint.Tensors.Where(t => t.Key.StartsWith("model.", StringComparison.Ordinal))
            .ToDictionary(t => t.Key["model.".Length..], t => t.Value);
        var target = model.state_dict();
        foreach (var (name, tensor) in target)
        {
            if (!saved.TryGetValue(name, out var value) || !value.shape.SequenceEqual(tensor.shape))
            {
                throw new BatchLabException($"{where} does not match the model at '{name}': pass the --model the run was trained with");
            }
        }

        if (saved.Count != target.Count)
        {
            throw new BatchLabException($"{where} holds {saved.Count} model tensors but the model has {target.Count}: pass the --model the run was trained with");
        }

        using (no_grad())
        {
            foreach (var (name, tensor) in target)
            {
                tensor.copy_(saved[name]);
            }
        }

        // The state dict's tensors are the module's own: a module the caller no longer uses could
        // be finalized, freeing them, before the last copy (see ModelInitTests).
        GC.KeepAlive(model);
    }

    static Checkpoint Read(string path)
    {
        if (File.Exists(path))
        {
            return Decode(File.ReadAllBytes(path), path);
        }

        var folder = Directory.Exists(Path.Combine(path, "checkpoints")) ? Path.Combine(path, "checkpoints") : path;
        if (!Directory.Exists(folder))
        {
            throw new BatchLabException($"--checkpoint '{path}' is neither a checkpoint file nor a folder; pass a `train --out` folder or one of its checkpoints/ckpt-*.bin files");
        }

        string? problem = null;
        foreach (var bytes in new CheckpointFolder(folder).LoadNewestFirst())
        {
            try
            {
                return Checkpoint.Decode(bytes);
            }
            catch (InvalidDataException e)
            {
                problem = e.Message;
            }
        }

        throw new BatchLabException(problem is null
            ? $"--checkpoint '{path}' holds no checkpoints (ckpt-*.bin); pass a `train --out` folder"
            : $"--checkpoint '{path}': no readable checkpoint ({problem})");
    }

    static Checkpoint Decode(byte[] bytes, string path)
    {
        try
        {
            return Checkpoint.Decode(bytes);
        }
        catch (InvalidDataException e)
        {
            throw new BatchLabException($"--checkpoint '{path}' is not a usable BatchLab checkpoint: {e.Message}");
        }
    }
}
