using BatchLab.Storage.Sql;
using BatchLab.Sweeps;
using BatchLab.Sweeps.Storage;
using BatchLab.Tests.Support;

namespace BatchLab.Tests.Experiments;

/// <summary>
/// How a worker's store rides out outages (issue 12, cases 4 and 5), on a real SQLite store
/// behind a switch (<see cref="FlakyStore"/>), with delays of milliseconds and a 2 s give-up time.
/// </summary>
public sealed class ResilientStoreTests : IDisposable
{
    static readonly OutagePolicy Fast = new()
    {
        GiveUpAfter = TimeSpan.FromSeconds(2),
        FirstDelay = TimeSpan.FromMilliseconds(5),
        MaxDelay = TimeSpan.FromMilliseconds(40),
        ClaimGrace = TimeSpan.FromSeconds(1),
    };

    readonly string directory = Directory.CreateTempSubdirectory("batchlab-resilient-").FullName;
    readonly IExperimentStore real;
    readonly FlakyStore flaky;
    readonly ResilientStore store;
    readonly List<string> log = [];

    public ResilientStoreTests()
    {
        real = ExperimentStores.Open($"sqlite:{Path.Combine(directory, "s.db")}", new ExperimentStoreOptions { LeaseDuration = TimeSpan.FromMilliseconds(300) });
        real.CreateOrGetStudy("s", "{}");
        real.AddTrials("s", [TrialRequest.Of("a", "{}"), TrialRequest.Of("b", "{}")]);
        (var switched, flaky) = FlakyStore.Wrap(real);
        store = new ResilientStore(switched, Fast, line =>
        {
            lock (log)
            {
                log.Add(line);
            }
        });
    }

    [Fact]
    public void A_first_attempt_starts_training_during_an_outage_without_asking_for_checkpoints()
    {
        // Issue 23: the resume inside the trainer waited out a whole outage ("trained for 63.8 s").
        var first = store.ClaimNext(WorkerIdentity.Current("w"), "s")!;
        flaky.Down = true;
        var checkpoints = new BatchLab.Sweeps.Workers.StoreCheckpoints(store, first.Lease, new BatchLab.Sweeps.Workers.StoreMetrics(store, first.Lease));

        Assert.Empty(checkpoints.LoadNewestFirst());
        Assert.DoesNotContain("LoadCheckpoints", flaky.Failed);
        flaky.Down = false;

        // A later attempt does read them: a taken-over trial resumes from its checkpoint.
        store.SaveCheckpoint(first.Lease, 7, new byte[] { 7 });
        var later = new BatchLab.Sweeps.Workers.StoreCheckpoints(store, first.Lease with { Attempt = 2 }, new BatchLab.Sweeps.Workers.StoreMetrics(store, first.Lease));
        Assert.Equal(new byte[] { 7 }, Assert.Single(later.LoadNewestFirst()));
    }

    [Fact]
    public void Writes_made_during_an_outage_are_kept_in_order_and_sent_under_the_same_attempt_when_it_ends()
    {
        var trial = store.ClaimNext(WorkerIdentity.Current("w"), "s")!;
        store.AppendMetrics(trial.Lease, [new MetricPoint("loss", 1, 1.0)]);

        flaky.Down = true;
        store.AppendMetrics(trial.Lease, [new MetricPoint("loss", 2, 2.0)]);
        store.SaveCheckpoint(trial.Lease, 2, new byte[] { 2 });
        store.AppendMetrics(trial.Lease, [new MetricPoint("loss", 3, 3.0)]);
        store.SaveCheckpoint(trial.Lease, 3, new byte[] { 3 });
        Assert.Equal(3, store.PendingWrites(trial.Lease)); // the newer checkpoint replaced the older unsent one
        flaky.Down = false;
        store.Complete(trial.Lease, TrialState.Complete, "{}");

        Assert.Equal([1.0, 2.0, 3.0], real.Metrics(trial.Id).Select(m => m.Value));
        Assert.Equal([3L], real.LoadCheckpoints(trial.Id).Select(c => c.Update));
        var done = real.GetTrial(trial.Id)!;
        Assert.Equal((TrialState.Complete, 1, 0), (done.State, done.Attempt, done.Failures));
        Assert.Contains(log, l => l.StartsWith("store unavailable (test outage", StringComparison.Ordinal));
        Assert.Contains(log, l => l.StartsWith("store reachable again after", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_blocking_call_waits_for_the_store_and_then_succeeds()
    {
        var trial = store.ClaimNext(WorkerIdentity.Current("w"), "s")!;
        flaky.Down = true;

        var complete = Task.Run(() => store.Complete(trial.Lease, TrialState.Complete, "{}"));
        await Task.Delay(300);
        Assert.False(complete.IsCompleted);
        flaky.Down = false;
        await complete.WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Equal(TrialState.Complete, real.GetTrial(trial.Id)!.State);
    }

    [Fact]
    public void Past_the_give_up_time_a_call_throws_saying_so_and_nothing_is_held_against_the_trial()
    {
        var trial = store.ClaimNext(WorkerIdentity.Current("w"), "s")!;
        flaky.Down = true;

        var error = Assert.Throws<StoreUnavailableException>(() => store.Complete(trial.Lease, TrialState.Complete, "{}"));

        Assert.Contains("gave up after 2 s of retrying (--outage-timeout 2s)", error.Message);
        Assert.Equal((TrialState.Running, 0), (real.GetTrial(trial.Id)!.State, real.GetTrial(trial.Id)!.Failures));
    }

    [Fact]
    public void A_store_that_refuses_only_large_writes_is_given_up_on_although_heartbeats_pass()
    {
        var trial = store.ClaimNext(WorkerIdentity.Current("w"), "s")!;
        flaky.Fails = name => name == nameof(IExperimentStore.SaveCheckpoint);
        store.SaveCheckpoint(trial.Lease, 1, new byte[] { 1 });

        var deadline = DateTime.UtcNow.AddSeconds(10);
        StoreUnavailableException? gaveUp = null;
        while (gaveUp is null && DateTime.UtcNow < deadline)
        {
            Assert.True(store.Heartbeat(trial.Lease));
            try
            {
                store.AppendMetrics(trial.Lease, [new MetricPoint("loss", 1, 1.0)]);
            }
            catch (StoreUnavailableException e)
            {
                gaveUp = e;
            }

            Thread.Sleep(20);
        }

        Assert.NotNull(gaveUp);
        store.Release(trial.Lease); // gives the trial back without what it could not write
        var released = real.GetTrial(trial.Id)!;
        Assert.Equal((TrialState.Queued, 0), (released.State, released.Failures));
    }

    [Fact]
    public void For_one_lease_after_an_outage_claims_leave_expired_trials_to_their_owners()
    {
        var owned = store.ClaimNext(WorkerIdentity.Current("owner"), "s")!;
        Thread.Sleep(400); // the 300 ms lease expires, as it does in an outage longer than the lease
        flaky.Down = true;
        Assert.Throws<StoreUnavailableException>(() => store.Heartbeat(owned.Lease));
        flaky.Down = false;

        var claimed = store.ClaimNext(WorkerIdentity.Current("other"), "s")!;
        Assert.NotEqual(owned.Id, claimed.Id); // the queued trial, not the expired one
        Assert.Null(store.ClaimNext(WorkerIdentity.Current("other"), "s"));
        Assert.True(store.Heartbeat(owned.Lease)); // its owner renews it

        Thread.Sleep(Fast.ClaimGrace + TimeSpan.FromMilliseconds(400));
        Assert.Equal(owned.Id, store.ClaimNext(WorkerIdentity.Current("other"), "s")!.Id); // now expired again and past the grace
    }

    [Fact]
    public void A_lease_lost_while_writes_were_held_drops_them_and_says_so()
    {
        var trial = store.ClaimNext(WorkerIdentity.Current("w"), "s")!;
        flaky.Down = true;
        store.AppendMetrics(trial.Lease, [new MetricPoint("loss", 1, 1.0)]);
        flaky.Down = false;
        real.Cancel(trial.Id);
        Thread.Sleep(100); // past the retry delay: the next write tries the store again

        Assert.Throws<LeaseLostException>(() => store.AppendMetrics(trial.Lease, [new MetricPoint("loss", 2, 2.0)]));
        Assert.Equal(0, store.PendingWrites(trial.Lease));
        Assert.Empty(real.Metrics(trial.Id));
    }

    public void Dispose()
    {
        store.Dispose();
        Directory.Delete(directory, recursive: true);
    }
}
