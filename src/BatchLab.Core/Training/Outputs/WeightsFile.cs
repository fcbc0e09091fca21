using BatchLab.IO;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace BatchLab.Training.Outputs;

/// <summary>
/// Model weights as safetensors (readable by PyTorch's safetensors package), so runs can start
/// from the same weights as a PyTorch run and be compared with it.
/// </summary>
public static class WeightsFile
{
    /// <summary>Writes the state dict atomically (temporary file, then rename).</summary>
    public static void Save(nn.Module model, string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var state = model.state_dict().ToDictionary(p => p.Key, p => p.Value.detach().cpu().contiguous());
        AtomicFile.Write(path, stream => Safetensors.SaveStateDict(stream, state, leaveOpen: true));
    }

    /// <summary>
    /// Copies weights from <paramref name="path"/> into <paramref name="model"/> after checking
    /// that every tensor exists with the same shape, so a mismatch changes nothing.
    /// </summary>
    public static void Load(nn.Module model, string path)
    {
        if (!File.Exists(path))
        {
            throw new BatchLabException($"--init file '{path}' does not exist");
        }

        Dictionary<string, Tensor> saved;
        try
        {
            saved = Safetensors.LoadStateDict(path);
        }
        catch (Exception e) when (e is not BatchLabException)
        {
            throw new BatchLabException($"'{path}' is not a readable safetensors file: {e.Message.Split('\n')[0]}");
        }

        var target = model.state_dict();
        var missing = target.Keys.Except(saved.Keys).ToList();
        var extra = saved.Keys.Except(target.Keys).ToList();
        if (missing.Count > 0 || extra.Count > 0)
        {
            throw new BatchLabException(
                $"'{path}' does not match the model: missing [{string.Join(", ", missing)}], unexpected [{string.Join(", ", extra)}]");
        }

        foreach (var (name, tensor) in target)
        {
            if (!saved[name].shape.SequenceEqual(tensor.shape))
            {
                throw new BatchLabException(
                    $"'{path}': tensor '{name}' has shape [{string.Join(", ", saved[name].shape)}] but the model needs [{string.Join(", ", tensor.shape)}]");
            }
        }

        using (no_grad())
        {
            foreach (var (name, tensor) in target)
            {
                tensor.copy_(saved[name]);
            }
        }

        GC.KeepAlive(model); // the state dict's tensors live only as long as the module (see CheckpointWeights.Apply)

        foreach (var t in saved.Values)
        {
            t.Dispose();
        }
    }
}
