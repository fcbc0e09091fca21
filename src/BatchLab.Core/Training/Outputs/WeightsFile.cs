using BatchLab.IO.Safetensors;
using static TorchSharp.torch;

namespace BatchLab.Training.Outputs;

/// <summary>
/// Model weights as safetensors, readable by PyTorch's safetensors package and numpy, so runs can
/// start from the same weights as a PyTorch run and be compared with it: the keys are the model's
/// state dict (for a TorchScript model exactly PyTorch's, so <c>model.load_state_dict(load_file(f))</c>
/// works), and <c>__metadata__</c> names the model spec they belong to.
/// </summary>
public static class WeightsFile
{
    /// <summary>Metadata key naming the model spec (e.g. "mlp:256" or "torchscript:/path/model.pt").</summary>
    public const string ModelKey = "batchlab.model";

    /// <summary>Writes the state dict atomically (temporary file, then rename), with <c>format: pt</c> and the model spec.</summary>
    public static void Save(nn.Module model, string path, string? modelSpec = null)
    {
        var metadata = new Dictionary<string, string> { ["format"] = "pt" };
        if (modelSpec is not null)
        {
            metadata[ModelKey] = modelSpec;
        }

        SafetensorsFile.Write(path, model.state_dict().Select(p => (p.Key, p.Value)), metadata);
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

        using var content = SafetensorsFile.Read(path);
        var saved = content.Tensors.ToDictionary(t => t.Name, t => t.Tensor);
        var target = model.state_dict();
        var missing = target.Keys.Except(saved.Keys).ToList();
        var extra = saved.Keys.Except(target.Keys).ToList();
        if (missing.Count > 0 || extra.Count > 0)
        {
            var from = content.Metadata.TryGetValue(ModelKey, out var spec) ? $" (saved from model {spec})" : "";
            throw new BatchLabException(
                $"'{path}'{from} does not match the model: missing [{string.Join(", ", missing)}], unexpected [{string.Join(", ", extra)}]");
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
    }
}
