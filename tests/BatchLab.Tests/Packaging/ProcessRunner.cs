using System.Diagnostics;

namespace BatchLab.Tests.Packaging;

/// <summary>
/// Runs a program (dotnet pack, an installed tool, a published app) with an environment the test
/// sets exactly: MSBuild and test-host variables inherited from `dotnet test` are left out, so a
/// nested build behaves like one typed in a fresh shell.
/// </summary>
static class ProcessRunner
{
    public static (int ExitCode, string Output) Run(string file, IEnumerable<string> args, string workingDirectory, IDictionary<string, string?> environment, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = workingDirectory };
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase) || k.StartsWith("VSTEST", StringComparison.OrdinalIgnoreCase) || k == "DOTNET_HOST_PATH").ToList())
        {
            start.Environment.Remove(key);
        }

        foreach (var (k, v) in environment)
        {
            if (v is null)
            {
                start.Environment.Remove(k);
            }
            else
            {
                start.Environment[k] = v;
            }
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', args)} ran past {timeout}");
        }

        return (process.ExitCode, stdout.Result + stderr.Result);
    }

    /// <summary>The last lines of a long build log, for an assertion message.</summary>
    public static string Tail(string text, int lines = 40) => string.Join('\n', text.Split('\n').TakeLast(lines));
}
