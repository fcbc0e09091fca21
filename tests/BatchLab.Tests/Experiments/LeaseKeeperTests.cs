using BatchLab.Storage.Sql;
using BatchLab.Sweeps;
using BatchLab.Sweeps.Storage;
using BatchLab.Sweeps.Workers;

namespace BatchLab.Tests.Experiments;

/// <summary>The heartbeat thread on a real (SQLite) store and the real clock, with a 1 s lease.</summary>
public sealed class LeaseKeeperTests : IDisposable
{
    static readonly TimeSpan Lease = TimeSpan.FromSeconds(1);
    readonly string directory = Directory.CreateTempSubdirectory("batchlab-lease-").FullName;
    readonly IExperimentStore store;
    readonly Trial trial;

    public LeaseKeeperTests()
    {
        store = ExperimentStores.Open($"sqlite:{Path.Combine(directory, "s.db")}", new ExperimentStoreOptions { LeaseDuration = Lease });
        store.CreateOrGetStudy("s", "{}");
        store.AddTrials("s", [TrialRequest.Of("a", "{}")]);
        trial = store.ClaimNext(WorkerIdentity.Current("w"), "s")!;
    }

    [Fact]
    public void Heartbeats_keep_the_claim_past_its_first_lease()
    {
        using var keeper = LeaseKeeper.Start(store, trial.Lease, Lease);

        Thread.Sleep(2.5 * Lease);

        Assert.False(keeper.IsLost);
        Assert.True(store.GetTrial(trial.Id)!.LeaseExpiresAt > DateTimeOffset.UtcNow);
        Assert.Null(store.ClaimNext(WorkerIdentity.Current("thief"), "s"));
    }

    [Fact]
    public void The_claim_is_lost_at_the_first_heartbeat_after_the_trial_was_cancelled()
    {
        using var keeper = LeaseKeeper.Start(store, trial.Lease, Lease);

        store.Cancel(trial.Id);

        Assert.True(keeper.Lost.WaitHandle.WaitOne(TimeSpan.FromSeconds(5)));
        Assert.Equal("attempt 1 lost its lease: the trial was reclaimed by another worker or cancelled", keeper.Reason);
    }

    public void Dispose()
    {
        store.Dispose();
        Directory.Delete(directory, recursive: true);
    }
}
