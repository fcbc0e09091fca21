using System.Diagnostics;
using BatchLab.Storage.Sql;
using BatchLab.Sweeps;
using BatchLab.Tests.Support;
using Npgsql;
using Xunit.Abstractions;

namespace BatchLab.Tests.Experiments;

/// <summary>
/// A sweep survives its PostgreSQL server stopping mid-sweep and coming back a minute later
/// (issue 12, case 4: a 1-second restart made every worker exit 4 and left its trials RUNNING).
/// The workers keep training, keep their writes and send them under the same attempt once the
/// server is back; no trial is retried, failed or taken over, and every metric is the one an
/// uninterrupted sweep stores.
/// </summary>
[Collection(WorkerProcessCollection.Name)]
public sealed class StoreOutageTests(ITestOutputHelper output) : IDisposable
{
    static readonly TimeSpan Outage = TimeSpan.FromSeconds(60);
    readonly string directory = Directory.CreateTempSubdirectory("batchlab-outage-").FullName;

    // Four trials of 3,000 updates (2 to 4 s each on one thread), checkpointed every 250 updates;
    // solo trials (--fuse off), so that each is bit-identical to the same trial on another store.
    static string[] Sweep(string store, int workers) =>
    [
        "sweep", "--name", "outage", "--store", store, "--data", WorkerProcesses.Data, "--model", "mlp:8", "--batch", "8", "--lr", "0.05,0.1",
        "--seeds", "2", "--updates", "3000", "--eval-every", "500", "--checkpoint-every", "250", "--fuse", "off", "--lease", "10s",
        "--workers", workers.ToString(System.Globalization.CultureInfo.InvariantCulture), "--threads", "1", "--json",
    ];

    [PostgresServerFact]
    public void A_sweep_rides_out_a_60_second_server_outage_and_loses_no_trial_and_no_metric()
    {
        var reference = CliProcess.Run(Sweep($"sqlite:{Path.Combine(directory, "reference.db")}", workers: 1));
        Assert.True(reference.ExitCode == 0, reference.Stderr);
        using var server = new ThrowawayPostgres();
        var clock = Stopwatch.StartNew();
        using var sweep = RunningCli.Start(Sweep(server.Url, workers: 2));

        // Stop the server once training has stored something: the outage falls mid-trial.
        WorkerProcesses.WaitUntil(() => Count(server, "SELECT COUNT(*) FROM checkpoints") > 0, "a first checkpoint");
        server.Stop();
        var stopped = clock.Elapsed;
        Thread.Sleep(Outage);
        server.Start();
        var restarted = clock.Elapsed;
        var result = sweep.WaitForExit(TimeSpan.FromMinutes(5));
        output.WriteLine($"server stopped at {stopped.TotalSeconds:F1} s, restarted at {restarted.TotalSeconds:F1} s, sweep done at {clock.Elapsed.TotalSeconds:F1} s");
        output.WriteLine(result.Stderr);

        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Contains("store unavailable (", result.Stderr);
        Assert.Contains("store reachable again after", result.Stderr);
        using var store = ExperimentStores.Open(server.Url, create: false);
        using var expected = ExperimentStores.Open($"sqlite:{Path.Combine(directory, "reference.db")}", create: false);
        var trials = store.TrialsOf("outage");
        Assert.Equal(4, trials.Count);
        foreach (var (trial, twin) in trials.Zip(expected.TrialsOf("outage")))
        {
            // Finished once, by its first attempt, with nothing counted against it.
            Assert.Equal((TrialState.Complete, 1, 0), (trial.State, trial.Attempt, trial.Failures));
            Assert.Equal([AttemptOutcome.Complete], store.Attempts(trial.Id).Select(a => a.Outcome));
            Assert.Equal(WorkerProcesses.Summary(twin).WeightsSha256, WorkerProcesses.Summary(trial).WeightsSha256);

            // Training went on through the outage rather than waiting for the store inside a step.
            Assert.True(WorkerProcesses.Summary(trial).WallSeconds < 30, $"trial {trial.Number} trained for {WorkerProcesses.Summary(trial).WallSeconds:F1} s");

            // Every metric an uninterrupted sweep stores, bit for bit (times excepted).
            static IEnumerable<(string, long, long)> Values(IEnumerable<MetricPoint> points) => points
                .Select(p => (p.Name, p.Update, p.Name is "step_time" or "wall_time" ? 0 : BitConverter.DoubleToInt64Bits(p.Value)))
                .OrderBy(p => p.Name, StringComparer.Ordinal).ThenBy(p => p.Update);
            Assert.Equal(Values(expected.Metrics(twin.Id)), Values(store.Metrics(trial.Id)));
        }
    }

    static long Count(ThrowawayPostgres server, string sql)
    {
        try
        {
            using var connection = new NpgsqlConnection($"Host=127.0.0.1;Port={server.Port};Username=batchlab;Database=postgres;Pooling=false");
            connection.Open();
            using var command = new NpgsqlCommand(sql, connection);
            return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            return 0;
        }
    }

    public void Dispose() => Directory.Delete(directory, recursive: true);
}
