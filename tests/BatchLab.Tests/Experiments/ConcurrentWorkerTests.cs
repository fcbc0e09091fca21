using BatchLab.Storage.Sql;
using BatchLab.Sweeps;
using BatchLab.Sweeps.Specs;
using BatchLab.Sweeps.Storage;
using BatchLab.Tests.Support;

namespace BatchLab.Tests.Experiments;

/// <summary>
/// Four `batchlab worker` processes drain one study of 40 short trials: every trial ends
/// COMPLETE exactly once and its curves hold exactly the rows its run produces, on PostgreSQL and
/// on SQLite (where four processes share one file without "database is locked" escaping).
/// </summary>
[Collection(WorkerProcessCollection.Name)]
public sealed class ConcurrentWorkerTests(PostgresTestDatabase postgres) : IClassFixture<PostgresTestDatabase>, IDisposable
{
    readonly string directory = Directory.CreateTempSubdirectory("batchlab-workers-").FullName;

    static readonly string[] Evaluated = ["train_loss", "train_error", "val_loss", "val_error", "test_loss", "test_error", "epoch", "step_time", "wall_time"];

    [Fact]
    public void Four_workers_on_PostgreSQL_complete_40_trials_exactly_once() => FourWorkersComplete(postgres.NewSchema());

    [Fact]
    public void Four_workers_on_SQLite_complete_40_trials_exactly_once() => FourWorkersComplete($"sqlite:{Path.Combine(directory, "sweep.db")}");

    static void FourWorkersComplete(string location)
    {
        // 4 batch sizes × 2 rates × 5 seeds; 2 epochs of 2 to 30 updates each.
        var spec = new SweepSpec(WorkerProcesses.TinyRun, [GridAxis.Parse("batch", "16,32,64,full", "--batch"), GridAxis.Parse("lr", "0.05,0.1", "--lr"), GridAxis.Seeds(5, "--seeds")]);
        using var store = ExperimentStores.Open(location);
        Assert.Equal(40, SweepSubmission.Submit(store, "grid", spec).Added);

        var workers = Enumerable.Range(0, 4).Select(_ => WorkerProcesses.Start(location, "grid", lease: "20s")).ToList();
        var results = workers.Select(w => w.WaitForExit(TimeSpan.FromMinutes(3))).ToList();
        workers.ForEach(w => w.Dispose());

        Assert.All(results, r => Assert.True(r.ExitCode == 0, r.Stderr));
        Assert.All(results, r => Assert.DoesNotContain("locked", r.Stderr, StringComparison.OrdinalIgnoreCase));
        Assert.Equal(40, results.Sum(r => r.Json.GetProperty("complete").GetInt32()));
        Assert.Equal(0, results.Sum(r => r.Json.GetProperty("abandoned").GetInt32() + r.Json.GetProperty("requeued").GetInt32()));
        var trials = store.TrialsOf("grid");
        Assert.Equal(40, trials.Count);
        foreach (var trial in trials)
        {
            Assert.Equal(TrialState.Complete, trial.State);
            Assert.Single(store.Attempts(trial.Id), a => a.Outcome == AttemptOutcome.Complete);
            AssertCurvesComplete(store, trial);
        }
    }

    /// <summary>
    /// Loss and lr after every update (fewer than 100 per epoch), each evaluation's values at
    /// update 0 and at each epoch's end, and the mean mini-batch loss at the evaluations after
    /// training started: no row missing, none twice.
    /// </summary>
    static void AssertCurvesComplete(IExperimentStore store, Trial trial)
    {
        var summary = WorkerProcesses.Summary(trial);
        var evaluations = new[] { 0, summary.UpdatesPerEpoch, summary.Updates };
        var expected = new[] { "loss", "lr" }.SelectMany(n => Enumerable.Range(1, (int)summary.Updates).Select(u => (n, (long)u)))
            .Concat(Evaluated.SelectMany(n => evaluations.Select(u => (n, u))))
            .Concat(evaluations.Skip(1).Select(u => ("train_batch_loss", u)))
            .Order()
            .ToList();

        var stored = store.Metrics(trial.Id).Select(m => (m.Name, m.Update)).Order().ToList();

        Assert.Equal(2 * summary.UpdatesPerEpoch, summary.Updates);
        Assert.Equal(expected, stored);
    }

    public void Dispose() => Directory.Delete(directory, recursive: true);
}
