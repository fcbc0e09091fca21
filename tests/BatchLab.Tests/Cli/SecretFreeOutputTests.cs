using BatchLab.Tests.Experiments;
using BatchLab.Tests.Support;
using Npgsql;

namespace BatchLab.Tests.Cli;

/// <summary>
/// `grep SECRET` finds nothing (issue 12, case 2): not in any file a study on a password-protected
/// PostgreSQL store writes, and not on stdout or stderr of any command given a malformed,
/// unreachable or refused store string, by --store or by $BATCHLAB_STORE (which Slurm and
/// Kubernetes jobs set, and whose output lands in shared logs). The password holds every
/// character that breaks a URL: @ : / # % ;.
/// </summary>
[Collection(WorkerProcessCollection.Name)]
public sealed class SecretFreeOutputTests(PostgresTestDatabase database) : IClassFixture<PostgresTestDatabase>
{
    const string Password = "SECRET@:/#%;x";
    const string Escaped = "SECRET%40%3A%2F%23%25%3Bx";

    public static TheoryData<string> BadStores =>
    [
        $"postgres://batchlab:{Password}@127.0.0.1:5432/sweeps",
        $"postgres://batchlab:{Escaped}@127.0.0.1:99999/sweeps",
        $"postgres://batchlab:{Escaped}@127.0.0.1:1/sweeps",
        $"postgress://batchlab:{Password}@127.0.0.1/sweeps",
        $"postgres://batchlab:{Escaped}@127.0.0.1:1/sweeps?sslmode=bogus",
        $"postgres://batchlab:{Escaped}@127.0.0.1:1/sweeps?frobnicate=1",
        $"batchlab:{Password}@127.0.0.1:5432/sweeps",
        $"Host=127.0.0.1;Port=1;Username=batchlab;Password=\"{Password}\";Database=sweeps",
        $"Host=127.0.0.1;Port=abc;Username=batchlab;Password=\"{Password}\";Database=sweeps",
        $"Host=127.0.0.1;Port=1;Username=batchlab;Password=\"{Password}\";Frobnicate=1",
    ];

    [Theory]
    [MemberData(nameof(BadStores))]
    public void No_error_path_prints_the_password(string store)
    {
        var env = new Dictionary<string, string> { ["BATCHLAB_STORE"] = store };
        var outputs = new List<CliResult>
        {
            CliProcess.Run("status", "--store", store),
            CliProcess.Run("export", "--study", "s", "--store", store, "--format", "json"),
            CliProcess.Run("sweep", "--name", "s", "--data", WorkerProcesses.Data, "--workers", "0", "--store", store),
            CliProcess.Run(env, TimeSpan.FromMinutes(1), "worker", "--study", "s", "--outage-timeout", "1s"),
            CliProcess.Run(env, TimeSpan.FromMinutes(1), "retry", "--study", "s"),
            CliProcess.Run(env, TimeSpan.FromMinutes(1), "report", "--study", "s"),
            CliProcess.Run(env, TimeSpan.FromMinutes(1), "status", "--store=" + store, "--json"),
        };

        Assert.All(outputs, o =>
        {
            Assert.NotEqual(0, o.ExitCode);
            Assert.DoesNotContain("SECRET", o.Stdout + o.Stderr);
            Assert.StartsWith("batchlab: error: ", o.Stderr.Trim().Split('\n')[^1], StringComparison.Ordinal);
        });
    }

    [Fact]
    public void A_study_on_a_password_protected_store_writes_the_password_nowhere()
    {
        // The test server trusts local connections, so any password connects: what matters here is
        // that the password travels through every layer and comes out nowhere.
        var admin = new NpgsqlConnectionStringBuilder(database.NewSchema());
        var store = $"postgres://{admin.Username}:{Escaped}@{admin.Host}:{admin.Port}/{admin.Database}?search_path={admin.SearchPath}";
        var folder = Path.Combine(Path.GetTempPath(), "batchlab-secret-" + Guid.NewGuid().ToString("N"));
        try
        {
            var result = CliProcess.Run(null, TimeSpan.FromMinutes(5), "study", "--preset", "smoke", "--store", store, "--out", Path.Combine(folder, "report"), "--workers", "1", "--json");

            // `report` renders the stored sweep again, with its own command line in the report.
            var report = CliProcess.Run(null, TimeSpan.FromMinutes(2), "report", "--study", result.Json.GetProperty("study").GetString()!, "--store", store, "--out", Path.Combine(folder, "again"), "--json");

            Assert.True(result.ExitCode == 0, result.Stderr);
            Assert.True(report.ExitCode == 0, report.Stderr);
            Assert.Contains("--store postgres://batchlab:***@", File.ReadAllText(Path.Combine(folder, "report", "report.md")));
            Assert.Contains("--store postgres://batchlab:***@", File.ReadAllText(Path.Combine(folder, "again", "report.md")));
            Assert.DoesNotContain("SECRET", report.Stdout + report.Stderr);
            Assert.DoesNotContain("SECRET", result.Stdout + result.Stderr);
            var files = Directory.GetFiles(folder, "*", SearchOption.AllDirectories);
            Assert.Contains(files, f => f.EndsWith("results.json", StringComparison.Ordinal));
            Assert.Contains(files, f => f.EndsWith("report.html", StringComparison.Ordinal));
            Assert.All(files, f => Assert.False(File.ReadAllText(f).Contains("SECRET", StringComparison.Ordinal), $"{f} holds the password"));
        }
        finally
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }
}
