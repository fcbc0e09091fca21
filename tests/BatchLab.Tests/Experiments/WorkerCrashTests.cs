using BatchLab.Storage.Sql;
using BatchLab.Sweeps;
using BatchLab.Sweeps.Specs;
using BatchLab.Sweeps.Storage;
using BatchLab.Tests.Support;

namespace BatchLab.Tests.Experiments;

/// <summary>The weights of <see cref="WorkerProcesses.LongTrial"/> trained by one worker without interruption.</summary>
public sealed class UninterruptedTrial : IDisposable
{
    readonly string directory = Directory.CreateTempSubdirectory("batchlab-reference-").FullName;

    public UninterruptedTrial()
    {
        var location = $"sqlite:{Path.Combine(directory, "reference.db")}";
        using var store = ExperimentStores.Open(location);
        SweepSubmission.Submit(store, "reference", WorkerProcesses.LongTrial());
        using var worker = WorkerProcesses.Start(location, "reference", lease: "60s");
        var result = worker.WaitForExit(TimeSpan.FromMinutes(3));
        Assert.True(result.ExitCode == 0, result.Stderr);
        var trial = Assert.Single(store.TrialsOf("reference"));
        WeightsSha256 = WorkerProcesses.Summary(trial).WeightsSha256;
        Assert.Single(store.Attempts(trial.Id));
    }

    public string WeightsSha256 { get; }

    public void Dispose() => Directory.Delete(directory, recursive: true);
}

/// <summary>
/// Workers that die, stall or are stopped mid-trial, on PostgreSQL: the trial is finished by
/// another worker from the last checkpoint, bit-identical to an uninterrupted run, and a worker
/// that lost its claim can no longer write.
/// </summary>
[Collection(WorkerProcessCollection.Name)]
public sealed class WorkerCrashTests(PostgresTestDatabase postgres, UninterruptedTrial reference)
    : IClassFixture<PostgresTestDatabase>, IClassFixture<UninterruptedTrial>
{
    const string Lease = "3s";
    static readonly TimeSpan Minutes = TimeSpan.FromMinutes(3);

    readonly string location = postgres.NewSchema();

    [Fact]
    public void A_worker_killed_mid_trial_is_taken_over_after_its_lease_and_the_weights_match_an_uninterrupted_run()
    {
        using var store = Submit("killed");
        using var first = WorkerProcesses.Start(location, "killed", Lease);
        var trial = WaitForCheckpoint(store, "killed");

        first.Send(PosixSignal.Kill);
        first.WaitForExit(Minutes);
        using var second = WorkerProcesses.Start(location, "killed", Lease);
        var result = second.WaitForExit(Minutes);

        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Equal(1, result.Json.GetProperty("complete").GetInt32());
        Assert.Contains("resumed at update", result.Stderr);
        var done = store.GetTrial(trial.Id)!;
        Assert.Equal(TrialState.Complete, done.State);
        Assert.Equal(reference.WeightsSha256, WorkerProcesses.Summary(done).WeightsSha256);
        var attempts = store.Attempts(trial.Id);
        Assert.Equal(AttemptOutcome.LeaseExpired, attempts[0].Outcome);
        Assert.Equal(AttemptOutcome.Complete, attempts[^1].Outcome);
    }

    [Fact]
    public void A_worker_stalled_past_its_lease_has_its_later_writes_rejected_and_the_results_are_its_successors()
    {
        using var store = Submit("stalled");
        using var stalled = WorkerProcesses.Start(location, "stalled", Lease);
        var trial = WaitForCheckpoint(store, "stalled");

        stalled.Send(PosixSignal.Stop);
        using var successor = WorkerProcesses.Start(location, "stalled", Lease);

        // A process frozen inside a transaction keeps its row locked, and a claim skips locked
        // rows; the freeze comes right after a checkpoint's commit so this is rare, and a moment
        // of life lets such a transaction finish.
        for (var tries = 1; !WorkerProcesses.TryWaitUntil(() => store.GetTrial(trial.Id)!.Attempt >= 2, seconds: 15); tries++)
        {
            Assert.True(tries < 3, "no worker took over the stalled trial");
            stalled.Send(PosixSignal.Continue);
            Thread.Sleep(50);
            stalled.Send(PosixSignal.Stop);
        }

        // Wake the stalled worker while its successor trains: everything it writes now is refused.
        WorkerProcesses.WaitUntil(() => store.LoadCheckpoints(trial.Id).Any(c => c.Attempt == 2), "the successor's first checkpoint");
        stalled.Send(PosixSignal.Continue);
        var woken = stalled.WaitForExit(Minutes);
        var finished = successor.WaitForExit(Minutes);

        Assert.True(woken.ExitCode == 0, woken.Stderr);
        Assert.Equal((0, 1), (woken.Json.GetProperty("complete").GetInt32(), woken.Json.GetProperty("abandoned").GetInt32()));
        // The line names the trial by its number in the study, as every other line does, not by its id.
        Assert.NotEqual(trial.Id, trial.Number);
        var lost = Assert.Single(woken.Stderr.Split('\n'), line => line.Contains("lost its lease", StringComparison.Ordinal));
        Assert.Contains($"stalled trial {trial.Number} (", lost);
        // Its heartbeat or its next write finds the loss first, whichever comes sooner: two wordings.
        Assert.Contains("abandoned, another worker owns it now (attempt 1 lost its lease: the trial ", lost);
        Assert.True(lost.Contains("the trial is RUNNING at attempt 2)", StringComparison.Ordinal) || lost.Contains("the trial was reclaimed by another worker or cancelled)", StringComparison.Ordinal), lost);
        Assert.DoesNotContain($"trial {trial.Id} attempt", woken.Stderr);
        Assert.Equal(1, finished.Json.GetProperty("complete").GetInt32());
        var done = store.GetTrial(trial.Id)!;
        Assert.Equal((TrialState.Complete, 2), (done.State, done.Attempt));
        Assert.Equal(reference.WeightsSha256, WorkerProcesses.Summary(done).WeightsSha256);
        Assert.Equal([AttemptOutcome.LeaseExpired, AttemptOutcome.Complete], store.Attempts(trial.Id).Select(a => a.Outcome));
        Assert.All(store.LoadCheckpoints(trial.Id), c => Assert.Equal(2, c.Attempt));
    }

    [Fact]
    public void A_worker_stopped_with_SIGTERM_checkpoints_and_releases_its_trial_without_counting_a_failure()
    {
        using var store = Submit("released");
        using var first = WorkerProcesses.Start(location, "released", Lease);
        var trial = WaitForCheckpoint(store, "released");

        first.Send(PosixSignal.Term);
        var stopped = first.WaitForExit(Minutes);
        var queued = store.GetTrial(trial.Id)!;
        using var second = WorkerProcesses.Start(location, "released", Lease);
        var result = second.WaitForExit(Minutes);

        Assert.Equal(130, stopped.ExitCode);
        Assert.Equal(1, stopped.Json.GetProperty("released").GetInt32());
        Assert.Equal((TrialState.Queued, 0), (queued.State, queued.Failures));
        Assert.Equal(AttemptOutcome.Released, store.Attempts(trial.Id)[0].Outcome);
        Assert.Contains("resumed at update", result.Stderr);
        Assert.Equal(reference.WeightsSha256, WorkerProcesses.Summary(store.GetTrial(trial.Id)!).WeightsSha256);
    }

    IExperimentStore Submit(string study)
    {
        var store = ExperimentStores.Open(location);
        SweepSubmission.Submit(store, study, WorkerProcesses.LongTrial());
        return store;
    }

    /// <summary>The trial once its first worker has stored a checkpoint of it (and is training on towards the next).</summary>
    static Trial WaitForCheckpoint(IExperimentStore store, string study)
    {
        var trial = Assert.Single(store.TrialsOf(study));
        WorkerProcesses.WaitUntil(() => store.LoadCheckpoints(trial.Id).Count > 0, "the first checkpoint");
        return store.GetTrial(trial.Id)!;
    }
}
