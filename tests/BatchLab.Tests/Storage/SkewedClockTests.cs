using BatchLab.Storage.Sql;
using BatchLab.Sweeps;
using BatchLab.Sweeps.Storage;
using BatchLab.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace BatchLab.Tests.Storage;

/// <summary>
/// Workers whose clocks disagree by 10 minutes share one PostgreSQL store (issue 26): leases are
/// timed by the server's clock, so a worker ahead does not take a live lease as expired, and a
/// worker behind does not see its own lease taken. With the workers' own clocks (the old rule,
/// kept as <see cref="LeaseClock.Local"/>) the worker ahead steals — the test shows both.
/// </summary>
public sealed class SkewedClockTests(PostgresTestDatabase database) : IClassFixture<PostgresTestDatabase>, IDisposable
{
    static readonly WorkerIdentity Honest = new("worker-on-time", "host-a", 101);
    static readonly WorkerIdentity Ahead = new("worker-ahead", "host-b", 202);
    static readonly WorkerIdentity Behind = new("worker-behind", "host-c", 303);
    readonly string connection = database.NewSchema();
    readonly List<IExperimentStore> opened = [];

    /// <summary>A worker's store whose local clock reads the real time shifted by <paramref name="skew"/>.</summary>
    IExperimentStore Worker(TimeSpan skew, LeaseClock clock)
    {
        var store = ExperimentStores.Open(connection, new ExperimentStoreOptions { LeaseDuration = TimeSpan.FromSeconds(60), LeaseClock = clock }, new FakeTimeProvider(DateTimeOffset.UtcNow + skew));
        opened.Add(store);
        return store;
    }

    IExperimentStore Queue(params string[] keys)
    {
        var store = Worker(TimeSpan.Zero, LeaseClock.Database);
        store.CreateOrGetStudy("sweep", """{"batch": [1, 2]}""");
        store.AddTrials("sweep", [.. keys.Select(k => TrialRequest.Of(k, $$"""{"point": "{{k}}"}"""))]);
        return store;
    }

    [Fact]
    public void A_worker_ten_minutes_ahead_leaves_live_leases_alone_on_the_servers_clock()
    {
        var onTime = Queue("a", "b");
        var held = onTime.ClaimNext(Honest, "sweep")!;

        var next = Worker(TimeSpan.FromMinutes(10), LeaseClock.Database).ClaimNext(Ahead, "sweep");

        Assert.Equal("b", next!.Key); // the queued one, not the live lease on "a"
        Assert.True(onTime.Heartbeat(held.Lease));
    }

    [Fact]
    public void A_worker_ten_minutes_behind_keeps_its_own_lease_on_the_servers_clock()
    {
        Queue("a");
        var behind = Worker(TimeSpan.FromMinutes(-10), LeaseClock.Database);
        var held = behind.ClaimNext(Behind, "sweep")!;

        var other = Worker(TimeSpan.Zero, LeaseClock.Database).ClaimNext(Honest, "sweep");

        Assert.Null(other); // on its own clock the lease would have expired 9 minutes ago
        Assert.True(behind.Heartbeat(held.Lease));
    }

    [Fact]
    public void On_the_workers_own_clocks_the_worker_ahead_steals_the_live_lease()
    {
        var onTime = Queue("a");
        var held = Worker(TimeSpan.Zero, LeaseClock.Local).ClaimNext(Honest, "sweep")!;

        var stolen = Worker(TimeSpan.FromMinutes(10), LeaseClock.Local).ClaimNext(Ahead, "sweep");

        Assert.Equal(held.Id, stolen?.Id); // the failure the server's clock prevents
        Assert.False(onTime.Heartbeat(held.Lease));
    }

    public void Dispose()
    {
        foreach (var store in opened)
        {
            store.Dispose();
        }
    }
}
