using BatchLab.Training.Outputs;
using static TorchSharp.torch;

namespace BatchLab.Training.Checkpoints;

/// <summary>
/// Loads a trained model's weights from wherever `batchlab train` leaves them: the run folder
/// (--out DIR: its newest checkpoint), its checkpoints/ folder, one ckpt-*.bin file, or a
/// safetensors file (--save, or exported from PyTorch). Shapes are checked before anything is
/// copied, so a mismatch leaves the model unchanged.
/// </summary>
public static class SavedWeights
{
    /// <summary>Copies the weights at <paramref name="path"/> into <paramref name="model"/>; returns a label naming the file (and update).</summary>
    public static string Load(nn.Module model, string path)
    {
        if (File.Exists(path) && path.EndsWith(".safetensors", StringComparison.OrdinalIgnoreCase))
        {
            WeightsFile.Load(model, path);
            return Path.GetFileName(path);
        }

        var file = CheckpointFile(path);
        Checkpoint checkpoint;
        try
        {
            checkpoint = Checkpoint.Decode(File.ReadAllBytes(file));
        }
        catch (InvalidDataException e)
        {
            throw new BatchLabException($"'{file}' is not a usable checkpoint: {e.Message}", BatchLabException.BadInput);
        }

        using (checkpoint)
        {
            CheckpointWeights.Apply(checkpoint, model, $"'{file}'");
            return $"{RunName(file)}@{checkpoint.State.Update}";
        }
    }

    static string CheckpointFile(string path)
    {
        if (File.Exists(path))
        {
            return path;
        }

        if (!Directory.Exists(path))
        {
            throw new BatchLabException($"'{path}' does not exist; give a run folder written by `batchlab train --out`, a ckpt-*.bin file or a .safetensors file", BatchLabException.BadInput);
        }

        var folder = Directory.Exists(Path.Combine(path, "checkpoints")) ? Path.Combine(path, "checkpoints") : path;
        return Directory.GetFiles(folder, "ckpt-*.bin").OrderDescending(StringComparer.Ordinal).FirstOrDefault()
            ?? throw new BatchLabException($"'{path}' holds no checkpoint (ckpt-*.bin)", BatchLabException.BadInput);
    }

    // runs/x/checkpoints/ckpt-….bin → "x"; a loose file → its own name.
    static string RunName(string file)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(file))!;
        return Path.GetFileName(folder) == "checkpoints" ? Path.GetFileName(Path.GetDirectoryName(folder))! : Path.GetFileNameWithoutExtension(file);
    }
}
