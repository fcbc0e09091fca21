using System.Diagnostics;

namespace BatchLab.Tests.Support;

/// <summary>
/// Debian's Chromium (/usr/bin/chromium, installed by ./run-tests) started headless with a
/// throwaway profile and a DevTools port, and no network use of its own (no updates, sync or
/// background requests). Disposing kills the whole process tree and deletes the profile, also when
/// a check failed halfway. Starting takes about a second.
/// </summary>
internal sealed class HeadlessChromium : IAsyncDisposable
{
    public const string Executable = "/usr/bin/chromium";

    static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    readonly Process process;
    readonly string profile;
    readonly Queue<string> log = new();
    DevToolsConnection? connection;

    HeadlessChromium(Process process, string profile)
    {
        (this.process, this.profile) = (process, profile);
        process.ErrorDataReceived += (_, line) => Remember(line.Data);
        process.OutputDataReceived += (_, line) => Remember(line.Data);
    }

    public DevToolsConnection DevTools => connection ?? throw new InvalidOperationException("Chromium is not connected");

    public static async Task<HeadlessChromium> Start()
    {
        if (!File.Exists(Executable))
        {
            throw new InvalidOperationException(
                $"Chromium is not installed ({Executable} is missing): run ./run-tests, which installs Debian's chromium package, or 'apt-get install -y chromium'");
        }

        var profile = Directory.CreateTempSubdirectory("batchlab-chromium-").FullName;
        var start = new ProcessStartInfo(Executable) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in Arguments(profile))
        {
            start.ArgumentList.Add(argument);
        }

        var browser = new HeadlessChromium(Process.Start(start) ?? throw new InvalidOperationException($"could not start {Executable}"), profile);
        try
        {
            browser.process.BeginErrorReadLine();
            browser.process.BeginOutputReadLine();
            browser.connection = await DevToolsConnection.Open(await browser.Endpoint(), Timeout);
            return browser;
        }
        catch
        {
            await browser.DisposeAsync();
            throw;
        }
    }

    static IEnumerable<string> Arguments(string profile)
    {
        string[] flags =
        [
            "--headless", "--disable-gpu", "--remote-debugging-port=0", $"--user-data-dir={profile}",
            "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-quic",
            "--no-first-run", "--no-default-browser-check", "--disable-default-apps", "--disable-extensions",
            "--metrics-recording-only", "--disable-crash-reporter", "--mute-audio", "--hide-scrollbars",
            // Containers often have a small /dev/shm; a full one crashes the renderer.
            "--disable-dev-shm-usage",
        ];
        // Chromium refuses to run as root with its sandbox on.
        return Environment.UserName == "root" ? [.. flags, "--no-sandbox"] : flags;
    }

    /// <summary>The browser's WebSocket address, which it writes to DevToolsActivePort once it listens.</summary>
    async Task<Uri> Endpoint()
    {
        var file = Path.Combine(profile, "DevToolsActivePort");
        var deadline = DateTime.UtcNow + Timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"Chromium exited with code {process.ExitCode} before it listened: {Output}");
            }

            if (File.Exists(file) && File.ReadAllLines(file) is [var port, var path, ..])
            {
                return new Uri($"ws://127.0.0.1:{port}{path}");
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"Chromium did not open its DevTools port within {Timeout.TotalSeconds:0} s: {Output}");
    }

    string Output
    {
        get
        {
            lock (log)
            {
                return string.Join(" | ", log);
            }
        }
    }

    void Remember(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (log)
        {
            log.Enqueue(line);
            if (log.Count > 20)
            {
                log.Dequeue();
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (connection is not null)
        {
            await connection.DisposeAsync();
        }

        try
        {
            process.Kill(entireProcessTree: true);
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await process.WaitForExitAsync(wait.Token);
        }
        catch (Exception e) when (e is InvalidOperationException or OperationCanceledException)
        {
            // Already gone, or it will be reaped by the system.
        }

        process.Dispose();
        try
        {
            Directory.Delete(profile, recursive: true);
        }
        catch (IOException)
        {
            // A helper process may still hold a file for a moment; the temp folder is cleaned eventually.
        }
    }
}
