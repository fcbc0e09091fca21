using BatchLab.Sweeps;
using BatchLab.Sweeps.Storage;

namespace BatchLab.Tests.Storage;

public abstract partial class ExperimentStoreContract
{
    static readonly TimeSpan Lease = Options.LeaseDuration;

    [Fact]
    public void Claims_take_queued_trials_oldest_first_until_none_remain()
    {
        var store = StoreWithTrials("a", "b", "c");
        Clock.Advance(TimeSpan.FromSeconds(5));

        var claimed = new[] { store.ClaimNext(WorkerA), store.ClaimNext(WorkerB, "sweep"), store.ClaimNext(WorkerA) };

        Assert.Null(store.ClaimNext(WorkerB));
        Assert.Equal(["a", "b", "c"], claimed.Select(t => t!.Key));
        var first = claimed[0]!;
        Assert.Equal((TrialState.Running, 1, "worker-a", Start + TimeSpan.FromSeconds(5), Start + TimeSpan.FromSeconds(65)), (first.State, first.Attempt, first.Owner, first.StartedAt, first.LeaseExpiresAt));
        Assert.Equal(first, store.GetTrial(first.Id));
        Assert.Equal([new TrialAttempt(first.Id, 1, "worker-a", "host-a", 101, Start + TimeSpan.FromSeconds(5), null, null, null)], store.Attempts(first.Id));
    }

    [Fact]
    public void A_claim_for_one_study_leaves_other_studies_alone()
    {
        var store = StoreWithTrials("a");
        store.CreateOrGetStudy("other", "{}");
        store.AddTrials("other", Grid("x", "y"));

        Assert.Equal(["x", "y"], new[] { store.ClaimNext(WorkerA, "other")!.Key, store.ClaimNext(WorkerA, "other")!.Key });
        Assert.Null(store.ClaimNext(WorkerA, "other"));
        Assert.Equal("a", store.ClaimNext(WorkerA)!.Key);
    }

    [Fact]
    public void A_claim_among_given_trials_takes_the_oldest_of_those_and_leaves_the_rest_queued()
    {
        var store = StoreWithTrials("a", "b", "c", "d");
        var ids = store.TrialsOf("sweep").ToDictionary(t => t.Key, t => t.Id);

        Assert.Equal("b", store.ClaimNext(WorkerA, "sweep", [ids["d"], ids["b"]])!.Key);
        Assert.Equal("d", store.ClaimNext(WorkerA, "sweep", [ids["d"], ids["b"]])!.Key);
        Assert.Null(store.ClaimNext(WorkerA, "sweep", [ids["d"], ids["b"]]));
        Assert.Null(store.ClaimNext(WorkerA, "sweep", []));
        Assert.Equal(["a", "c"], store.TrialsOf("sweep").Where(t => t.State == TrialState.Queued).Select(t => t.Key));
    }

    [Fact]
    public void Heartbeats_keep_the_lease_and_once_it_expires_another_worker_reclaims_the_trial()
    {
        var workerA = StoreWithTrials("a");
        var workerB = Store();
        var held = workerA.ClaimNext(WorkerA)!;

        Clock.Advance(Lease * 0.75);
        Assert.True(workerA.Heartbeat(held.Lease));
        Clock.Advance(Lease * 0.75);
        Assert.Null(workerB.ClaimNext(WorkerB));

        Clock.Advance(Lease * 0.5);
        var reclaimed = workerB.ClaimNext(WorkerB)!;

        Assert.Equal((held.Id, 2, "worker-b"), (reclaimed.Id, reclaimed.Attempt, reclaimed.Owner));
        Assert.Equal(Start, reclaimed.StartedAt);
        Assert.False(workerA.Heartbeat(held.Lease));
        Assert.True(workerB.Heartbeat(reclaimed.Lease));
        var attempts = workerB.Attempts(held.Id);
        Assert.Equal([(1, AttemptOutcome.LeaseExpired, Start + (Lease * 2)), (2, (AttemptOutcome?)null, (DateTimeOffset?)null)], attempts.Select(a => (a.Attempt, a.Outcome, a.EndedAt)));
    }

    [Fact]
    public void Until_someone_reclaims_it_an_expired_lease_is_still_the_holders()
    {
        var store = StoreWithTrials("a");
        var held = store.ClaimNext(WorkerA)!;
        Clock.Advance(Lease * 3);

        Assert.True(store.Heartbeat(held.Lease));
        store.AppendMetrics(held.Lease, [new("loss", 0, 1.0)]);
        Assert.Null(Store().ClaimNext(WorkerB));
    }

    [Fact]
    public void A_stalled_worker_can_write_nothing_after_its_trial_is_reclaimed_and_the_successors_results_stand()
    {
        var stalled = StoreWithTrials("a");
        var successor = Store();
        var first = stalled.ClaimNext(WorkerA)!.Lease;
        stalled.AppendMetrics(first, [new("loss", 0, 4.0), new("loss", 1, 3.0), new("loss", 2, 2.0), new("loss", 3, 1.5)]);
        stalled.SaveCheckpoint(first, 2, new byte[] { 1, 2 });

        Clock.Advance(Lease + TimeSpan.FromSeconds(1));
        var second = successor.ClaimNext(WorkerB)!.Lease;
        Assert.Equal(2, successor.LoadCheckpoints(second.TrialId)[0].Update);
        successor.AppendMetrics(second, [new("loss", 3, 1.25), new("loss", 4, 1.0)]);

        var rejected = new Action[]
        {
            () => stalled.AppendMetrics(first, [new("loss", 3, 99.0), new("loss", 9, 99.0)]),
            () => stalled.SaveCheckpoint(first, 4, new byte[] { 9 }),
            () => stalled.Complete(first, TrialState.Complete, """{"from": "stalled"}"""),
            () => stalled.Fail(first, "stalled", retry: true),
        };
        foreach (var write in rejected)
        {
            var lost = Assert.Throws<LeaseLostException>(write);
            Assert.Equal((first, 2, TrialState.Running), (lost.Lease, lost.CurrentAttempt, lost.CurrentState));
        }

        successor.SaveCheckpoint(second, 4, new byte[] { 2, 4 });
        successor.Complete(second, TrialState.Complete, """{"from": "successor"}""");
        Assert.Equal(TrialState.Complete, Assert.Throws<LeaseLostException>(() => stalled.Complete(first, TrialState.Complete, "{}")).CurrentState);

        var trial = successor.GetTrial(first.TrialId)!;
        Assert.Equal((TrialState.Complete, 2, """{"from": "successor"}"""), (trial.State, trial.Attempt, trial.FinalValues));
        Assert.Equal([4.0, 3.0, 2.0, 1.25, 1.0], successor.Metrics(first.TrialId).Select(m => m.Value));
        Assert.Equal([(4L, 2, new byte[] { 2, 4 }), (2L, 1, new byte[] { 1, 2 })], successor.LoadCheckpoints(first.TrialId).Select(c => (c.Update, c.Attempt, c.Data.ToArray())));
        Assert.Equal([AttemptOutcome.LeaseExpired, AttemptOutcome.Complete], successor.Attempts(first.TrialId).Select(a => a.Outcome!.Value));
    }

    [Fact]
    public void Diverged_is_a_final_result_and_never_claimed_again()
    {
        var store = StoreWithTrials("a");
        var held = store.ClaimNext(WorkerA)!;

        store.Complete(held.Lease, TrialState.Diverged, """{"diverged_at_update": 17}""");
        Clock.Advance(TimeSpan.FromDays(1));

        Assert.Null(store.ClaimNext(WorkerB));
        var trial = store.GetTrial(held.Id)!;
        Assert.Equal((TrialState.Diverged, 1, Start, (DateTimeOffset?)null), (trial.State, trial.Attempt, trial.FinishedAt, trial.LeaseExpiresAt));
        Assert.False(store.Heartbeat(held.Lease));
        Assert.Throws<LeaseLostException>(() => store.Fail(held.Lease, "retry me", retry: true));
        Assert.Equal(AttemptOutcome.Diverged, store.Attempts(held.Id).Single().Outcome);
        Assert.Throws<ArgumentException>(() => store.Complete(held.Lease, TrialState.Failed, "{}"));
    }

    [Fact]
    public void Retryable_failures_requeue_the_trial_until_the_retry_limit_then_it_fails()
    {
        var store = StoreWithTrials("a");

        var states = new List<TrialState>();
        for (var i = 1; i <= Options.MaxFailures; i++)
        {
            var held = store.ClaimNext(WorkerA)!;
            Assert.Equal(i, held.Attempt);
            states.Add(store.Fail(held.Lease, $"out of disk {i}", retry: true));
            Assert.Equal(states[^1], store.GetTrial(held.Id)!.State);
        }

        Assert.Equal([TrialState.Queued, TrialState.Queued, TrialState.Failed], states);
        Assert.Null(store.ClaimNext(WorkerA));
        var trial = store.TrialsOf("sweep").Single();
        Assert.Equal("out of disk 3", trial.Error);
        Assert.Equal(["out of disk 1", "out of disk 2", "out of disk 3"], store.Attempts(trial.Id).Select(a => a.Error));
    }

    [Fact]
    public void A_failure_without_retry_fails_at_once()
    {
        var store = StoreWithTrials("a");
        var held = store.ClaimNext(WorkerA)!;

        Assert.Equal(TrialState.Failed, store.Fail(held.Lease, "bad spec", retry: false));
        Assert.Null(store.ClaimNext(WorkerA));
    }

    [Fact]
    public void A_lease_that_expires_on_the_last_attempt_fails_the_trial_instead_of_looping()
    {
        var store = Store(Options with { MaxFailures = 2 });
        store.CreateOrGetStudy("sweep", "{}");
        store.AddTrials("sweep", Grid("a"));

        var id = store.ClaimNext(WorkerA)!.Id;
        Clock.Advance(Lease * 2);
        Assert.Equal(2, store.ClaimNext(WorkerB)!.Attempt);
        Clock.Advance(Lease * 2);

        Assert.Null(store.ClaimNext(WorkerA));
        var trial = store.GetTrial(id)!;
        Assert.Equal((TrialState.Failed, 2, 2), (trial.State, trial.Attempt, trial.Failures));
        Assert.Contains("lease expired", trial.Error);
        Assert.Equal([AttemptOutcome.LeaseExpired, AttemptOutcome.LeaseExpired], store.Attempts(id).Select(a => a.Outcome!.Value));
    }

    [Fact]
    public void A_released_trial_is_queued_at_once_and_releases_never_count_as_failures()
    {
        var store = StoreWithTrials("a");
        var first = store.ClaimNext(WorkerA)!;
        store.AppendMetrics(first.Lease, [new("loss", 0, 2.0)]);

        var held = first;
        for (var i = 0; i < Options.MaxFailures + 2; i++)
        {
            store.Release(held.Lease);
            held = store.ClaimNext(WorkerA)!;
        }

        Assert.Equal((first.Id, TrialState.Running, Options.MaxFailures + 3, 0), (held.Id, held.State, held.Attempt, held.Failures));
        Assert.Equal(TrialState.Running, Assert.Throws<LeaseLostException>(() => store.Release(first.Lease)).CurrentState);
        Assert.Equal([new MetricPoint("loss", 0, 2.0)], store.Metrics(first.Id));
        Assert.All(store.Attempts(first.Id).SkipLast(1), a => Assert.Equal(AttemptOutcome.Released, a.Outcome));
    }

    [Fact]
    public void Cancel_ends_queued_and_running_trials_and_the_worker_finds_out()
    {
        var store = StoreWithTrials("a", "b", "c");
        var running = store.ClaimNext(WorkerA)!;
        var trials = store.TrialsOf("sweep");

        Assert.True(store.Cancel(trials[0].Id));
        Assert.True(store.Cancel(trials[1].Id));
        Assert.False(store.Cancel(trials[1].Id));
        Assert.False(store.Cancel(12345));

        Assert.False(store.Heartbeat(running.Lease));
        Assert.Equal(TrialState.Cancelled, Assert.Throws<LeaseLostException>(() => store.AppendMetrics(running.Lease, [new("loss", 0, 1)])).CurrentState);
        Assert.Equal("c", store.ClaimNext(WorkerB)!.Key);
        Assert.Equal(2, store.Counts("sweep").Cancelled);
        Assert.Equal(AttemptOutcome.Cancelled, store.Attempts(running.Id).Single().Outcome);
    }

    [Fact]
    public void A_claim_without_take_over_leaves_expired_leases_to_their_owners()
    {
        var store = StoreWithTrials("a", "b");
        var owned = store.ClaimNext(WorkerA)!;
        Clock.Advance(Lease * 2);

        var queued = store.ClaimNext(WorkerB, takeOver: false)!;
        Assert.Equal("b", queued.Key);
        Assert.Null(store.ClaimNext(WorkerB, takeOver: false));
        Assert.True(store.Heartbeat(owned.Lease));
        Assert.Equal((1, 0), (store.GetTrial(owned.Id)!.Attempt, store.GetTrial(owned.Id)!.Failures));
    }

    [Fact]
    public void Requeue_puts_failed_trials_back_with_their_failures_reset_and_their_history_and_checkpoints_kept()
    {
        var store = StoreWithTrials("a", "b", "c");
        var trials = store.TrialsOf("sweep");
        var failing = store.ClaimNext(WorkerA)!;
        store.SaveCheckpoint(failing.Lease, 10, new byte[] { 1, 2 });
        store.Fail(failing.Lease, "disk full", retry: false);
        store.Cancel(trials[2].Id);

        Assert.Equal(1, store.Requeue("sweep", TrialState.Failed));

        var requeued = store.GetTrial(failing.Id)!;
        Assert.Equal((TrialState.Queued, 0, 1, null), (requeued.State, requeued.Failures, requeued.Attempt, requeued.FinishedAt));
        Assert.Equal([10L], store.LoadCheckpoints(failing.Id).Select(c => c.Update));
        Assert.Equal([AttemptOutcome.Failed], store.Attempts(failing.Id).Select(a => a.Outcome!.Value));
        Assert.Equal(TrialState.Cancelled, store.GetTrial(trials[2].Id)!.State);
        Assert.Equal(1, store.Requeue("sweep", TrialState.Cancelled));
        Assert.Equal(0, store.Requeue("sweep", TrialState.Failed));
        Assert.Equal(2, store.ClaimNext(WorkerB, among: [failing.Id])!.Attempt);
        Assert.Throws<BatchLabException>(() => store.Requeue("sweep", TrialState.Complete));
    }
}
