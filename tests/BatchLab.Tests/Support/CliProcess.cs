using System.Diagnostics;
using System.Text.Json;

namespace BatchLab.Tests.Support;

/// <summary>The outcome of one CLI process.</summary>
public sealed record CliResult(int ExitCode, string Stdout, string Stderr)
{
    public JsonElement Json => JsonDocument.Parse(Stdout).RootElement;
}

/// <summary>
/// Runs the CLI as a fresh process (the BatchLab.Cli assembly copied beside the tests), so tests
/// see exactly what a user sees: exit code, stdout and stderr.
/// </summary>
public static class CliProcess
{
    public static string AssemblyPath => Path.Combine(AppContext.BaseDirectory, "BatchLab.Cli.dll");

    public static CliResult Run(params string[] args) => Run(null, TimeSpan.FromMinutes(5), args);

    public static CliResult Run(IDictionary<string, string>? environment, TimeSpan timeout, params string[] args)
    {
        using var process = Start(environment, args);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"batchlab {string.Join(' ', args)} ran past {timeout}");
        }

        var result = new CliResult(process.ExitCode, stdout.Result, WithCrashReport(stderr.Result));
        CheckJson(args, result);
        return result;
    }

    /// <summary>
    /// An internal error names the file holding its stack trace; the trace is appended to stderr
    /// here, so a test that fails on it shows where, even for a failure that will not repeat.
    /// </summary>
    static string WithCrashReport(string stderr) =>
        System.Text.RegularExpressions.Regex.Match(stderr, @"stack trace in (\S+\.txt);") is { Success: true } m && File.Exists(m.Groups[1].Value)
            ? stderr + "\n--- " + m.Groups[1].Value + " ---\n" + File.ReadAllText(m.Groups[1].Value)
            : stderr;

    /// <summary>A run that printed a result under --json (success, or a DIVERGED run) must print its command's documented shape.</summary>
    public static void CheckJson(IReadOnlyList<string> args, CliResult result)
    {
        // diagnose memory --probe is the measuring child process, not a command users run.
        if (args.Contains("--json") && !args.Contains("--probe") && result.ExitCode is 0 or 3 && result.Stdout.TrimStart().StartsWith('{'))
        {
            JsonSchemas.Check(args, result.Stdout);
        }
    }

    /// <summary>Starts the CLI and returns the running process (for tests that kill or stop it).</summary>
    public static Process Start(IDictionary<string, string>? environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            // Not the test process's working directory at this moment, which a test may have changed.
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.ArgumentList.Add(AssemblyPath);
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        foreach (var (k, v) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[k] = v;
        }

        return Process.Start(start)!;
    }
}
