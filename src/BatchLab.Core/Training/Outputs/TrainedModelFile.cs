using BatchLab.Models.TorchScript;
using static TorchSharp.torch;

namespace BatchLab.Training.Outputs;

/// <summary>
/// Where `train --save PATH` puts a trained model: <c>.safetensors</c> (any model; the state dict,
/// with the model spec in its metadata) or, for a TorchScript model, <c>.pt</c> — the script module
/// itself with the trained weights, which PyTorch loads with <c>torch.jit.load</c>.
/// </summary>
public static class TrainedModelFile
{
    /// <summary>Refuses, before any training, a .pt path for a model that is not TorchScript.</summary>
    public static void Check(string path, string modelSpec)
    {
        if (TorchScriptFile.IsTorchScriptPath(path) && !modelSpec.Trim().StartsWith(TorchScriptFile.Kind + ":", StringComparison.OrdinalIgnoreCase))
        {
            throw new BatchLabException($"--save {path}: a .pt file holds a TorchScript module, and {modelSpec} is not one; save its weights as .safetensors");
        }
    }

    public static void Save(nn.Module model, string path, string modelSpec)
    {
        if (!TorchScriptFile.IsTorchScriptPath(path))
        {
            WeightsFile.Save(model, path, modelSpec);
            return;
        }

        if (model is not TorchScriptModel script)
        {
            throw new BatchLabException($"--save {path}: a .pt file holds a TorchScript module, and {modelSpec} is not one; save its weights as .safetensors");
        }

        TorchScriptFile.Save(script, path);
    }
}
