using System.Diagnostics;

namespace BatchLab.Tests.Support;

/// <summary>
/// Debian's PyTorch (<c>python3-torch</c>, /usr/bin/python3) for tests that compare with PyTorch
/// itself. The suite does not need it: those tests are skipped, with a message, where it is missing.
/// </summary>
public static class PyTorch
{
    public const string Python = "/usr/bin/python3";

    static readonly Lazy<string?> Version = new(() =>
    {
        if (!File.Exists(Python))
        {
            return null;
        }

        var (code, stdout, _) = Run(["-c", "import torch; print(torch.__version__)"], TimeSpan.FromMinutes(1));
        return code == 0 ? stdout.Trim() : null;
    });

    /// <summary>PyTorch's version, or null when python3-torch is not installed.</summary>
    public static string? Installed => Version.Value;

    public const string SkipReason = "needs Debian's python3-torch (apt-get install python3-torch libopenblas0-pthread); the suite passes without it";

    /// <summary>Runs Python with reproducible settings: hash seed 0 (byte-identical TorchScript files) and one BLAS thread.</summary>
    public static (int Code, string Stdout, string Stderr) Run(IEnumerable<string> args, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(Python) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        start.Environment["PYTHONHASHSEED"] = "0";
        start.Environment["OPENBLAS_NUM_THREADS"] = "1";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"python3 {string.Join(' ', args)} ran past {timeout}");
        }

        return (process.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>Runs a script and fails the test with its stderr when it fails.</summary>
    public static string RunOrFail(params string[] args)
    {
        var (code, stdout, stderr) = Run(args, TimeSpan.FromMinutes(3));
        Assert.True(code == 0, $"python3 {string.Join(' ', args)} exited {code}: {stderr}");
        return stdout;
    }
}

/// <summary>A fact that runs only where python3-torch is installed, and says why it was skipped otherwise.</summary>
public sealed class PyTorchFactAttribute : FactAttribute
{
    public PyTorchFactAttribute()
    {
        if (PyTorch.Installed is null)
        {
            Skip = PyTorch.SkipReason;
        }
    }
}
