using System.Runtime.InteropServices;
using static TorchSharp.torch;

namespace BatchLab.Models.TorchScript;

/// <summary>
/// Loads a PyTorch TorchScript file (<c>torch.jit.script(model).save("model.pt")</c>) as a trainable
/// <see cref="TorchScriptModel"/>, and writes a trained one back in the same format, which PyTorch
/// loads with <c>torch.jit.load</c> (checked with PyTorch 1.13 reading files written by libtorch 2.10).
/// </summary>
public static class TorchScriptFile
{
    /// <summary>The spec prefix: <c>torchscript:PATH.pt</c>.</summary>
    public const string Kind = "torchscript";

    /// <summary>
    /// A first load where its failure cannot end this process, or null to load directly. libtorch
    /// compiles the archive's code while loading, and some of its errors (broken code) escape as a
    /// C++ exception that no caller can catch: the process aborts (exit 134). The CLI sets this to
    /// a load in a short child process (about a second, once per file and process); it returns null
    /// when the file loaded there, or the one line that says why it did not.
    /// </summary>
    public static Func<string, string?>? Vetting { get; set; }

    /// <exception cref="BatchLabException">The file is missing, not a TorchScript archive, or traced with BatchNorm/dropout frozen.</exception>
    public static TorchScriptModel Load(string path)
    {
        var full = System.IO.Path.GetFullPath(path);
        if (!File.Exists(full))
        {
            throw new BatchLabException($"TorchScript model '{path}' does not exist; export one with torch.jit.script(model).save(\"model.pt\")");
        }

        TorchScriptCode code;
        try
        {
            code = TorchScriptCode.Read(full);
        }
        catch (InvalidDataException)
        {
            throw new BatchLabException($"'{path}' is not a TorchScript file (not a zip archive); export one with torch.jit.script(model).save(\"model.pt\")");
        }

        if (code.FrozenMode)
        {
            throw new BatchLabException(
                $"'{path}' was exported with torch.jit.trace, which freezes its {(code.HasBatchNorm ? "BatchNorm" : "dropout")} in the mode it was traced in (eval() would change nothing, so validation and test metrics would be wrong); export it with torch.jit.script(model).save(...) instead");
        }

        try
        {
            using var zip = System.IO.Compression.ZipFile.OpenRead(full);
            TorchScriptArchive.Check(zip);
        }
        catch (Exception e) when (e is BatchLabException or InvalidDataException)
        {
            throw new BatchLabException($"'{path}' cannot be loaded as TorchScript: {e.Message}");
        }

        if (Vetting?.Invoke(full) is { } problem)
        {
            throw new BatchLabException($"'{path}' could not be loaded as TorchScript: {problem}");
        }

        jit.ScriptModule<Tensor, Tensor> script;
        try
        {
            script = jit.load<Tensor, Tensor>(full);
        }
        catch (Exception e) when (e is ExternalException or InvalidOperationException or ArgumentException)
        {
            throw new BatchLabException($"'{path}' could not be loaded as TorchScript: {TorchScriptErrors.LastLine(e.Message)}");
        }

        return new TorchScriptModel(script, full, code);
    }

    /// <summary>
    /// Writes the module (its current weights, buffers and train/eval flag) as a TorchScript file,
    /// atomically. libtorch writes through a path only (its byte-array overload writes nothing).
    /// </summary>
    public static void Save(TorchScriptModel model, string path)
    {
        var full = System.IO.Path.GetFullPath(path);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        var temporary = full + $".tmp-{Environment.ProcessId}";
        try
        {
            jit.save(model.Script, temporary);
            File.Move(temporary, full, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    /// <summary>True for a path that names a TorchScript file to write (<c>.pt</c>, <c>.pth</c> would be a pickled state dict).</summary>
    public static bool IsTorchScriptPath(string path) => path.EndsWith(".pt", StringComparison.OrdinalIgnoreCase);
}
