using BatchLab.Tests.Data;
using BatchLab.Tests.Experiments;
using BatchLab.Tests.Support;
using Microsoft.Data.Sqlite;

namespace BatchLab.Tests.Cli;

/// <summary>
/// Bad input that crashed, hung, created files or exited with the wrong code (issue 12, "must
/// refuse" and "names and paths"): each is one line on stderr, the documented exit code, no
/// stack trace, nothing written. `train`'s options are in TrainCommandTests.
/// </summary>
public sealed class RefusalTests : IDisposable
{
    readonly TempDirectory root = new();

    string Store => "sqlite:" + root.File("sweep.db");

    [Theory]
    [InlineData("frobnicate")]
    [InlineData("diagnose", "frobnicate")]
    public void An_unknown_command_is_named(params string[] args)
    {
        var result = CliProcess.Run(args);

        AssertRefused(result, 2, $"unknown command '{args[^1]}'; commands: ");
    }

    [Theory]
    [InlineData("worker", "--threads", "0")]
    [InlineData("sweep", "--threads", "100000")]
    [InlineData("study", "--threads", "-1")]
    [InlineData("diagnose", "noise", "--threads", "0")]
    [InlineData("diagnose", "sharpness", "--threads", "0")]
    [InlineData("advise", "--threads", "0")]
    [InlineData("sweep", "--workers", "100000")]
    [InlineData("worker", "--log-every", "0")]
    [InlineData("worker", "--metrics-every", "0")]
    [InlineData("worker", "--lease", "99999999999h")]
    public void Counts_no_machine_can_use_are_refused_while_parsing(params string[] args)
    {
        var result = CliProcess.Run([.. args, .. WithStore(args[0])]);

        AssertRefused(result, 2, $"{args[^2]} ");
        Assert.False(File.Exists(root.File("sweep.db")));
    }

    [Fact]
    public void A_bad_value_of_a_known_connection_option_names_the_value()
    {
        var result = CliProcess.Run("status", "--store", "postgres://batchlab@127.0.0.1:1/db?sslmode=bogus");

        AssertRefused(result, 2, "'bogus' is not a valid value for the connection option 'sslmode' (use one of disable, allow, prefer, require");
    }

    [Fact]
    public void A_file_of_random_bytes_is_not_a_store()
    {
        var path = root.File("random.db");
        File.WriteAllBytes(path, [.. Enumerable.Range(0, 100_000).Select(i => (byte)((i * 7919) ^ (i >> 3)))]);

        foreach (var command in new[] { ["status"], ["export"], new[] { "sweep", "--name", "s", "--data", WorkerProcesses.Data, "--workers", "0" } })
        {
            var result = CliProcess.Run([.. command, "--store", "sqlite:" + path]);

            AssertRefused(result, 2, $"sqlite:{path} is not a BatchLab store or is damaged (file is not a database)");
        }
    }

    [Fact]
    public void A_truncated_store_is_damaged_not_unavailable()
    {
        var path = root.File("truncated.db");
        Assert.Equal(0, CliProcess.Run("sweep", "--store", "sqlite:" + path, "--name", "s", "--data", WorkerProcesses.Data, "--batch", "8,16", "--seeds", "4", "--workers", "0").ExitCode);
        SqliteConnection.ClearAllPools();
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);
        File.Delete(path + "-wal");
        File.Delete(path + "-shm");

        var result = CliProcess.Run("status", "--store", "sqlite:" + path);

        AssertRefused(result, 2, $"sqlite:{path} is not a BatchLab store or is damaged");
    }

    [Theory]
    [InlineData("status")]
    [InlineData("export")]
    [InlineData("worker", "--outage-timeout", "1s")]
    [InlineData("retry")]
    public void Commands_on_an_existing_store_never_create_one(params string[] command)
    {
        var path = root.File("typo/sweeps.db");
        var other = root.File("other.db");
        using (var connection = new SqliteConnection($"Data Source={other}"))
        {
            connection.Open();
            using var create = new SqliteCommand("CREATE TABLE notes (text TEXT)", connection);
            create.ExecuteNonQuery();
        }

        SqliteConnection.ClearAllPools();

        var missing = CliProcess.Run([.. command, "--store", "sqlite:" + path]);
        var foreign = CliProcess.Run([.. command, "--store", "sqlite:" + other]);

        AssertRefused(missing, 2, $"no store at {path}: check --store (or $BATCHLAB_STORE)");
        Assert.False(Directory.Exists(root.File("typo")));
        AssertRefused(foreign, 2, $"sqlite:{other} is not a BatchLab store (it has no schema_version table)");
    }

    [Theory]
    [InlineData("export", "--study", "s", "--out", "/proc/batchlab.csv")]
    [InlineData("export", "--study", "s", "--out", "/etc/passwd/batchlab.csv")]
    [InlineData("study", "--preset", "smoke", "--out", "/proc/batchlab-report")]
    [InlineData("diagnose", "memory", "--model", "linear", "--out", "/proc/batchlab-memory")]
    [InlineData("diagnose", "noise", "--out", "/proc/batchlab-noise")]
    public void An_output_that_cannot_be_written_is_refused_before_any_work(params string[] args)
    {
        var result = CliProcess.Run([.. args, .. WithStore(args[0])]);

        AssertRefused(result, 2, $"--out '{args[^1]}' cannot ");
        Assert.False(File.Exists(root.File("sweep.db")));
    }

    [Fact]
    public void A_sweep_whose_data_cannot_be_read_queues_nothing()
    {
        var data = root.File("idx");
        IdxFiles.WriteImageSet(data, train: 40, test: 10);
        var images = Path.Combine(data, "train-images-idx3-ubyte");
        File.WriteAllBytes(images, File.ReadAllBytes(images)[..100]);

        var result = CliProcess.Run("sweep", "--name", "s", "--data-dir", data, "--val", "4", "--batch", "8", "--workers", "1", "--store", Store);

        AssertRefused(result, 2, "train-images-idx3-ubyte: truncated");
        Assert.False(File.Exists(root.File("sweep.db")));
    }

    [Theory]
    [InlineData("../../escaped")]
    [InlineData("/tmp/absolute")]
    [InlineData(".hidden")]
    [InlineData("two\nlines")]
    [InlineData("red\u001b[31mtext")]
    public void Study_names_that_would_leave_reports_or_fake_lines_are_refused(string name)
    {
        var sweep = CliProcess.Run("sweep", "--name", name, "--data", WorkerProcesses.Data, "--workers", "0", "--store", Store);
        var study = CliProcess.Run("study", "--preset", "smoke", "--name", name, "--store", Store);

        AssertRefused(sweep, 2, "study name '");
        AssertRefused(study, 2, "must be 1 to 100 letters, digits, '.', '_' or '-'");
        Assert.DoesNotContain('\u001b', sweep.Stderr);
        Assert.False(File.Exists(root.File("sweep.db")));
        Assert.False(Directory.Exists(Path.GetFullPath(Path.Combine("reports", name))));
    }

    [Fact]
    public void Names_already_in_a_store_are_printed_escaped()
    {
        Assert.Equal(0, CliProcess.Run("sweep", "--name", "plain", "--data", WorkerProcesses.Data, "--workers", "0", "--store", Store).ExitCode);
        SqliteConnection.ClearAllPools();
        using (var connection = new SqliteConnection($"Data Source={root.File("sweep.db")}"))
        {
            // A store written before names were restricted, or by hand.
            connection.Open();
            using var rename = new SqliteCommand("PRAGMA foreign_keys = OFF; UPDATE studies SET name = 'fake\nstudy evil: 9/9 done\u001b[2J'; UPDATE trials SET study = 'fake\nstudy evil: 9/9 done\u001b[2J'", connection);
            rename.ExecuteNonQuery();
        }

        SqliteConnection.ClearAllPools();
        var status = CliProcess.Run("status", "--store", Store);

        Assert.True(status.ExitCode == 0, status.Stderr);
        Assert.Contains("study fake\\nstudy evil: 9/9 done\\u001b[2J: 0/1 done", status.Stdout);
        Assert.DoesNotContain('\u001b', status.Stdout);
        Assert.DoesNotContain(status.Stdout.Split('\n'), line => line.StartsWith("study evil", StringComparison.Ordinal));
    }

    string[] WithStore(string command) => command is "sweep" or "worker" or "study" or "status" or "export" or "retry" or "advise" ? ["--store", Store] : [];

    static void AssertRefused(CliResult result, int exitCode, string message)
    {
        var lines = result.Stderr.Trim().Split('\n');
        Assert.True(result.ExitCode == exitCode, $"exit {result.ExitCode}: {result.Stderr}");
        Assert.Contains(message, lines[^1]);
        Assert.StartsWith("batchlab: error: ", lines[^1], StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Stderr);
        Assert.Empty(result.Stdout);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        root.Dispose();
    }
}
