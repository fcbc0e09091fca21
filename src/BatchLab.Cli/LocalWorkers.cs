using System.Diagnostics;
using System.Runtime.InteropServices;

namespace BatchLab.Cli;

/// <summary>
/// Worker processes started by `batchlab sweep --workers N`: this same CLI run as
/// `worker ...`, each with its stderr forwarded line by line. They are independent processes:
/// if the sweep itself dies they finish the study on their own.
/// </summary>
sealed class LocalWorkers : IDisposable
{
    const int SigTerm = 15;
    readonly List<Process> processes = [];

    LocalWorkers()
    {
    }

    /// <param name="environment">Extra variables for the workers (e.g. the store, kept out of `ps`).</param>
    /// <param name="onLine">Receives (worker number from 1, line) for each stderr line, from any thread.</param>
    public static LocalWorkers Start(int count, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string> environment, Action<int, string> onLine)
    {
        var workers = new LocalWorkers();
        for (var k = 1; k <= count; k++)
        {
            var number = k;
            var process = new Process { StartInfo = StartInfo(arguments, environment), EnableRaisingEvents = true };
            process.ErrorDataReceived += (_, e) =>
            {
                if (e.Data is { } line)
                {
                    onLine(number, line);
                }
            };
            process.OutputDataReceived += (_, _) => { };
            process.Start();
            process.BeginErrorReadLine();
            process.BeginOutputReadLine();
            workers.processes.Add(process);
        }

        return workers;
    }

    public int Alive => processes.Count(p => !p.HasExited);

    public IReadOnlyList<int> ExitCodes => [.. processes.Select(p => p.ExitCode)];

    /// <summary>True when every worker has exited.</summary>
    public bool WaitForExit(TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        foreach (var process in processes)
        {
            var left = timeout - deadline.Elapsed;
            if (!process.WaitForExit(left > TimeSpan.Zero ? left : TimeSpan.Zero))
            {
                return false;
            }
        }

        // WaitForExit(TimeSpan) may return before the redirected streams are drained.
        processes.ForEach(p => p.WaitForExit());
        return true;
    }

    /// <summary>Asks every running worker to stop (SIGTERM): each checkpoints its trial, gives it back and exits.</summary>
    public void Terminate()
    {
        foreach (var process in processes.Where(p => !p.HasExited))
        {
            _ = Kill(process.Id, SigTerm);
        }
    }

    /// <summary>The command that runs this CLI: the app host itself, or `dotnet BatchLab.Cli.dll`.</summary>
    static ProcessStartInfo StartInfo(IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string> environment)
    {
        var host = Environment.ProcessPath ?? "dotnet";
        var start = new ProcessStartInfo(host) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(host) == "dotnet")
        {
            start.ArgumentList.Add(typeof(LocalWorkers).Assembly.Location);
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        return start;
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    static extern int Kill(int pid, int signal);

    public void Dispose() => processes.ForEach(p => p.Dispose());
}
