using static TorchSharp.torch;

namespace BatchLab.Models;

/// <summary>What the rest of BatchLab asks of any model, zoo-built or the user's own.</summary>
public static class ModuleExtensions
{
    /// <summary>Number of scalar parameters (BN running statistics are buffers and not counted).</summary>
    public static long CountParameters(this nn.Module model) => model.parameters().Sum(p => p.numel());

    /// <summary>Whether the model has BatchNorm layers whose training statistics depend on G (or, with G unset, on M).</summary>
    public static bool HasBatchNorm(this nn.Module model) => BatchNormLayers(model).Any();

    /// <summary>
    /// Sets the normalization batch G on every <see cref="IGhostBatchNorm"/> in the model (the model
    /// itself included); null restores plain BatchNorm over each forward pass.
    /// </summary>
    /// <returns>How many layers were set: 0 means the model has no ghost batch norm.</returns>
    public static int SetNormBatch(this nn.Module model, long? normBatch)
    {
        var layers = BatchNormLayers(model).ToList();
        foreach (var layer in layers)
        {
            layer.NormBatch = normBatch;
        }

        return layers.Count;
    }

    /// <summary>
    /// The layers G acts on. A TorchScript module can split any call into chunks of G, but only
    /// one whose code calls batch_norm has statistics for G to change (issue 23: an MLP took
    /// --norm-batch 8 and drew the "G is unset" note).
    /// </summary>
    static IEnumerable<IGhostBatchNorm> BatchNormLayers(nn.Module model) => model.modules().Prepend(model).OfType<IGhostBatchNorm>()
        .Where(layer => layer is not TorchScript.TorchScriptModel { Code.HasBatchNorm: false });
}
