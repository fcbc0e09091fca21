using System.Diagnostics;
using BatchLab.Storage.Sql;
using BatchLab.Sweeps;
using BatchLab.Tests.Support;
using Xunit.Abstractions;

namespace BatchLab.Tests.Experiments;

/// <summary>
/// A full disk is the store's fault, not the trial's (issue 12, case 5: on SQLite every trial
/// burned its 3 attempts in seconds and went FAILED forever, and `worker` exited 0). The store
/// lives on a small tmpfs whose free space is filled up to about 1 MB: metrics, heartbeats and
/// claims still fit, a 4 MB checkpoint does not. The worker rides it out for --outage-timeout,
/// gives the trial back without counting a failure, exits 4 saying why; once space is freed the
/// trial finishes. Needs root to mount the tmpfs.
/// </summary>
[Collection(WorkerProcessCollection.Name)]
public sealed class FullDiskTests(ITestOutputHelper output) : IDisposable
{
    readonly string disk = Directory.CreateTempSubdirectory("batchlab-full-").FullName;
    bool mounted;

    [RootFact]
    public void A_full_disk_costs_no_attempt_the_worker_exits_4_saying_why_and_the_trial_finishes_once_space_is_freed()
    {
        Run("mount", "-t", "tmpfs", "-o", "size=24m", "tmpfs", disk);
        mounted = true;
        var store = $"sqlite:{Path.Combine(disk, "s.db")}";

        // One trial of mlp:1024x1024 (1.06 M weights: a 4.2 MB checkpoint), checkpointed every 100 updates.
        var queued = CliProcess.Run("sweep", "--name", "full", "--store", store, "--data", WorkerProcesses.Data, "--model", "mlp:1024x1024",
            "--batch", "8", "--lr", "0.01", "--updates", "400", "--workers", "0");
        Assert.True(queued.ExitCode == 0, queued.Stderr);
        var filler = Path.Combine(disk, "filler");
        using (var fill = File.Create(filler))
        {
            fill.Write(new byte[new DriveInfo(disk).AvailableFreeSpace - (1 << 20)]);
        }

        var clock = Stopwatch.StartNew();
        var full = CliProcess.Run(null, TimeSpan.FromMinutes(3), "worker", "--store", store, "--study", "full", "--threads", "1", "--checkpoint-every", "100",
            "--outage-timeout", "5s", "--fuse", "off");
        output.WriteLine($"worker on the full disk exited {full.ExitCode} after {clock.Elapsed.TotalSeconds:F1} s:\n{full.Stderr}");

        Assert.Equal(4, full.ExitCode);
        Assert.Contains("store unavailable (the SQLite store", full.Stderr);
        var error = full.Stderr.Trim().Split('\n')[^1];
        Assert.StartsWith($"batchlab: error: the SQLite store {Path.Combine(disk, "s.db")} cannot be written (database or disk is full)", error);
        Assert.Contains("gave up after", error);
        using (var stores = ExperimentStores.Open(store, create: false))
        {
            var trial = stores.TrialsOf("full")[0];
            Assert.Equal((TrialState.Queued, 0), (trial.State, trial.Failures));
            Assert.Equal([AttemptOutcome.Released], stores.Attempts(trial.Id).Select(a => a.Outcome));
        }

        File.Delete(filler);
        var freed = CliProcess.Run(null, TimeSpan.FromMinutes(3), "worker", "--store", store, "--study", "full", "--threads", "1", "--checkpoint-every", "100", "--fuse", "off");

        Assert.True(freed.ExitCode == 0, freed.Stderr);
        using (var stores = ExperimentStores.Open(store, create: false))
        {
            var trial = stores.TrialsOf("full")[0];
            Assert.Equal((TrialState.Complete, 2, 0), (trial.State, trial.Attempt, trial.Failures));
            Assert.Equal(400, WorkerProcesses.Summary(trial).Updates);
        }
    }

    static void Run(string program, params string[] args)
    {
        using var process = Process.Start(program, args);
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{program} {string.Join(' ', args)} exited {process.ExitCode}");
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (mounted)
        {
            Run("umount", disk);
        }

        Directory.Delete(disk, recursive: true);
    }
}

/// <summary>A fact that mounts file systems: skipped, saying why, unless the tests run as root.</summary>
public sealed class RootFactAttribute : FactAttribute
{
    public RootFactAttribute()
    {
        if (!Environment.IsPrivilegedProcess)
        {
            Skip = "needs root to mount a small tmpfs that fills up; run ./run-tests as root (or in a container)";
        }
    }
}
