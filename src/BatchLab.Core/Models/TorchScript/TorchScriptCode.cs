using System.IO.Compression;

namespace BatchLab.Models.TorchScript;

/// <summary>
/// What a TorchScript archive's code says about the model, read from its <c>code/**.py</c> entries
/// (the Python-like source TorchScript stores beside the weights).
/// </summary>
/// <param name="HasBatchNorm">Some layer calls batch_norm: G (ghost batch norm) changes results.</param>
/// <param name="HasDropout">Some layer calls a dropout.</param>
/// <param name="ReadsTrainingFlag">
/// The code reads <c>self.training</c>. Scripted BatchNorm and dropout do; traced ones do not, because
/// <c>torch.jit.trace</c> records the mode it ran in as a constant (eval() then changes nothing).
/// </param>
public sealed record TorchScriptCode(bool HasBatchNorm, bool HasDropout, bool ReadsTrainingFlag)
{
    /// <summary>BatchNorm or dropout whose train/eval behaviour was frozen by tracing.</summary>
    public bool FrozenMode => (HasBatchNorm || HasDropout) && !ReadsTrainingFlag;

    public static TorchScriptCode Read(string path)
    {
        using var zip = ZipFile.OpenRead(path);
        bool batchNorm = false, dropout = false, training = false;
        foreach (var entry in zip.Entries.Where(e => e.FullName.Contains("/code/", StringComparison.Ordinal) && e.FullName.EndsWith(".py", StringComparison.Ordinal)))
        {
            using var reader = new StreamReader(entry.Open());
            var text = reader.ReadToEnd();
            batchNorm |= text.Contains("batch_norm", StringComparison.Ordinal);
            dropout |= text.Contains("dropout", StringComparison.Ordinal);
            training |= text.Contains("self.training", StringComparison.Ordinal);
        }

        return new TorchScriptCode(batchNorm, dropout, training);
    }
}
