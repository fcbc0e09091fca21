using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.InteropServices;
using BatchLab.Models.TorchScript;
using static TorchSharp.torch;

namespace BatchLab.Cli;

/// <summary>
/// Loads an untrusted TorchScript file first in a child process of the CLI (this same program with
/// <see cref="ChildFlag"/>), so that a libtorch abort on it (a C++ exception escaping from the
/// code compiler: "terminate called after throwing torch::jit::ErrorReport", exit 134) ends the
/// child, not the command; the command then says in one line what was wrong. Costs one process
/// start and load (about a second) per file, once per process (cached by path, size and time).
/// </summary>
static class TorchScriptVetting
{
    public const string ChildFlag = "--load-torchscript-child";
    static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    static readonly ConcurrentDictionary<(string, long, DateTime), string?> Seen = new();

    public static void Install() => TorchScriptFile.Vetting = Vet;

    static string? Vet(string path)
    {
        var info = new FileInfo(path);
        return Seen.GetOrAdd((path, info.Length, info.LastWriteTimeUtc), _ => InChild(path));
    }

    static string? InChild(string path)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath!)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath!) == "dotnet")
        {
            start.ArgumentList.Add(typeof(TorchScriptVetting).Assembly.Location);
        }

        start.ArgumentList.Add(ChildFlag);
        start.ArgumentList.Add(path);
        using var child = Process.Start(start)!;
        var stdout = child.StandardOutput.ReadToEndAsync();
        var stderr = child.StandardError.ReadToEndAsync();
        if (!child.WaitForExit(Patience))
        {
            child.Kill(entireProcessTree: true);
            return $"loading it did not finish in {Patience.TotalSeconds:0} s";
        }

        if (child.ExitCode == 0)
        {
            return null;
        }

        var said = stdout.Result.Trim();
        if (said.Length > 0)
        {
            return said;
        }

        // A native abort: libtorch's "what():" line says why, the rest is its C++ backtrace.
        var text = stderr.Result;
        var what = text.IndexOf("what():", StringComparison.Ordinal);
        var reason = what >= 0 ? TorchScriptErrors.LastLine(FirstParagraph(text[(what + 7)..])) : $"libtorch ended the loading process (exit {child.ExitCode})";
        return reason;
    }

    /// <summary>The error text up to its traceback or backtrace.</summary>
    static string FirstParagraph(string text)
    {
        var lines = text.Split('\n').Select(l => l.Trim()).TakeWhile(l => !l.StartsWith("Exception raised from", StringComparison.Ordinal)).Where(l => l.Length > 0).ToList();
        var message = lines.FirstOrDefault(l => !l.StartsWith("frame #", StringComparison.Ordinal) && !l.StartsWith("~", StringComparison.Ordinal)
            && !l.StartsWith("Serialized", StringComparison.Ordinal) && !l.StartsWith("File ", StringComparison.Ordinal)) ?? "";
        return message.Length > 300 ? message[..300] + "…" : message;
    }

    /// <summary>The child's side: load the file; exit 0, or print the managed error's line and exit 1 (a native abort exits 134 by itself).</summary>
    public static int Child(string path)
    {
        try
        {
            using var script = jit.load<Tensor, Tensor>(path);
            return 0;
        }
        catch (Exception e) when (e is ExternalException or InvalidOperationException or ArgumentException)
        {
            Console.WriteLine(TorchScriptErrors.LastLine(e.Message));
            return 1;
        }
    }
}
