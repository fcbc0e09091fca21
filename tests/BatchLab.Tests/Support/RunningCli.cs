using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;

namespace BatchLab.Tests.Support;

/// <summary>POSIX signals a test sends to a CLI process (Linux numbers).</summary>
public enum PosixSignal
{
    Kill = 9,
    Term = 15,
    Continue = 18,
    Stop = 19,
}

/// <summary>
/// A CLI process that keeps running while the test watches it, so the test can kill, stop or
/// continue it (what <see cref="CliProcess.Run(string[])"/> cannot do). Output is collected as it
/// comes; disposing kills the process if it still runs.
/// </summary>
public sealed class RunningCli : IDisposable
{
    readonly Process process;
    readonly StringBuilder stdout = new();
    readonly StringBuilder stderr = new();

    readonly string[] arguments;

    RunningCli(Process process, string[] arguments) => (this.process, this.arguments) = (process, arguments);

    public static RunningCli Start(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = AppContext.BaseDirectory };
        start.ArgumentList.Add(CliProcess.AssemblyPath);
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        var cli = new RunningCli(new Process { StartInfo = start }, args);
        cli.process.OutputDataReceived += (_, e) => Append(cli.stdout, e.Data);
        cli.process.ErrorDataReceived += (_, e) => Append(cli.stderr, e.Data);
        cli.process.Start();
        cli.process.BeginOutputReadLine();
        cli.process.BeginErrorReadLine();
        return cli;
    }

    /// <summary>Stderr so far.</summary>
    public string Stderr
    {
        get
        {
            lock (stderr)
            {
                return stderr.ToString();
            }
        }
    }

    public void Send(PosixSignal signal) => Assert.Equal(0, Kill(process.Id, (int)signal));

    public CliResult WaitForExit(TimeSpan timeout)
    {
        if (!process.WaitForExit(timeout))
        {
            throw new TimeoutException($"the CLI process ran past {timeout}; stderr so far:\n{Stderr}");
        }

        process.WaitForExit();
        CliResult result;
        lock (stdout)
        {
            result = new CliResult(process.ExitCode, stdout.ToString(), Stderr);
        }

        CliProcess.CheckJson(arguments, result);
        return result;
    }

    static void Append(StringBuilder text, string? line)
    {
        if (line is not null)
        {
            lock (text)
            {
                text.AppendLine(line);
            }
        }
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    static extern int Kill(int pid, int signal);

    public void Dispose()
    {
        if (!process.HasExited)
        {
            process.Kill();
            process.WaitForExit();
        }

        process.Dispose();
    }
}
