using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace BatchLab.Tests.Support;

/// <summary>
/// A PostgreSQL server of a test's own, which the test may stop and start again (the one
/// ./run-tests starts is shared by every test): Debian's server binaries, a cluster in a temp
/// folder, trust authentication, 127.0.0.1 on a free port, fsync off. Run as root, it runs the
/// server as the postgres user (initdb and postgres refuse root). About 2 s to create.
/// </summary>
public sealed class ThrowawayPostgres : IDisposable
{
    /// <summary>Why tests that need one are skipped when the server binaries are missing.</summary>
    public const string Missing = "PostgreSQL server binaries not found under /usr/lib/postgresql/*/bin: install Debian's postgresql package (./run-tests does)";

    readonly string folder = Directory.CreateTempSubdirectory("batchlab-pg-").FullName;

    public ThrowawayPostgres()
    {
        var bin = Bin ?? throw new InvalidOperationException(Missing);
        try
        {
            if (Environment.IsPrivilegedProcess)
            {
                Run("chown", "postgres:postgres", folder);
            }

            Run(Path.Combine(bin, "initdb"), "-D", Data, "-U", "batchlab", "--auth=trust", "--no-sync", "-E", "UTF8");
            Port = FreePort();
            Start();
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>The newest installed server's bin folder, or null.</summary>
    public static string? Bin { get; } = Directory.Exists("/usr/lib/postgresql")
        ? Directory.GetDirectories("/usr/lib/postgresql")
            .Select(d => (Version: int.TryParse(Path.GetFileName(d), out var v) ? v : 0, Bin: Path.Combine(d, "bin")))
            .Where(d => File.Exists(Path.Combine(d.Bin, "pg_ctl")))
            .OrderBy(d => d.Version).Select(d => d.Bin).LastOrDefault()
        : null;

    public int Port { get; }

    /// <summary>postgres://batchlab@127.0.0.1:PORT/postgres</summary>
    public string Url => $"postgres://batchlab@127.0.0.1:{Port}/postgres";

    string Data => Path.Combine(folder, "data");

    /// <summary>Starts the server and waits until it accepts connections.</summary>
    public void Start() => Run(
        Path.Combine(Bin!, "pg_ctl"), "-D", Data, "-l", Path.Combine(folder, "server.log"), "-w", "-t", "60",
        "-o", $"-c listen_addresses=127.0.0.1 -p {Port} -c unix_socket_directories={folder} -c fsync=off -c max_connections=100", "start");

    /// <summary>Stops the server: "fast" disconnects every client and shuts down cleanly, as a restart does.</summary>
    public void Stop(string mode = "fast") => Run(Path.Combine(Bin!, "pg_ctl"), "-D", Data, "-m", mode, "-w", "stop");

    public void Dispose()
    {
        try
        {
            if (File.Exists(Path.Combine(Data, "postmaster.pid")))
            {
                Stop("immediate");
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    static void Run(string program, params string[] args)
    {
        var start = new ProcessStartInfo(Environment.IsPrivilegedProcess && program != "chown" ? "runuser" : program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        if (Environment.IsPrivilegedProcess && program != "chown")
        {
            foreach (var a in new[] { "-u", "postgres", "--", program })
            {
                start.ArgumentList.Add(a);
            }
        }

        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{Path.GetFileName(program)} {string.Join(' ', args)} exited {process.ExitCode}: {output.Result}{error.Result}");
        }
    }
}

/// <summary>A fact that needs its own PostgreSQL server (<see cref="ThrowawayPostgres"/>): skipped, saying why, where the binaries are missing.</summary>
public sealed class PostgresServerFactAttribute : FactAttribute
{
    public PostgresServerFactAttribute()
    {
        if (ThrowawayPostgres.Bin is null)
        {
            Skip = ThrowawayPostgres.Missing;
        }
    }
}
