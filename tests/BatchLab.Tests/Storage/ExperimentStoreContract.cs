using System.Security.Cryptography;
using System.Text;
using BatchLab.Sweeps;
using BatchLab.Sweeps.Storage;
using Microsoft.Extensions.Time.Testing;

namespace BatchLab.Tests.Storage;

/// <summary>
/// What every <see cref="IExperimentStore"/> promises, run against each backend by a small
/// subclass. Every store a test opens is a separate connection pool on the same database, as a
/// separate worker process would be; the clock is fake, so leases expire when a test says so.
/// </summary>
public abstract partial class ExperimentStoreContract : IDisposable
{
    protected static readonly DateTimeOffset Start = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);
    protected static readonly ExperimentStoreOptions Options = new() { LeaseDuration = TimeSpan.FromSeconds(60), MaxFailures = 3 };
    protected static readonly WorkerIdentity WorkerA = new("worker-a", "host-a", 101);
    protected static readonly WorkerIdentity WorkerB = new("worker-b", "host-b", 202);

    readonly List<IExperimentStore> opened = [];

    protected FakeTimeProvider Clock { get; } = new(Start);

    /// <summary>Opens another store on this test's database.</summary>
    protected abstract IExperimentStore Connect(ExperimentStoreOptions options, TimeProvider time);

    /// <summary>Runs SQL on this test's database behind the store's back.</summary>
    protected abstract void ExecuteSql(string sql);

    /// <summary>A store on this test's database whose leases run on the fake clock (a database's own clock cannot be moved by a test).</summary>
    protected IExperimentStore Store(ExperimentStoreOptions? options = null)
    {
        var store = Connect((options ?? Options) with { LeaseClock = LeaseClock.Local }, Clock);
        lock (opened)
        {
            opened.Add(store);
        }

        return store;
    }

    protected static List<TrialRequest> Grid(params string[] keys) =>
        [.. keys.Select(k => TrialRequest.Of(k, $$"""{"point": "{{k}}"}"""))];

    /// <summary>A store with study "sweep" holding the given trial keys.</summary>
    protected IExperimentStore StoreWithTrials(params string[] keys)
    {
        var store = Store();
        store.CreateOrGetStudy("sweep", """{"batch": [1, 2, 4]}""");
        store.AddTrials("sweep", Grid(keys));
        return store;
    }

    public virtual void Dispose()
    {
        foreach (var store in opened)
        {
            store.Dispose();
        }

        GC.SuppressFinalize(this);
    }

    [Fact]
    public void The_same_spec_written_differently_gets_the_stored_study_back()
    {
        var store = Store();

        var created = store.CreateOrGetStudy("sweep", """{"lr": 0.001, "batch": [1, 2]}""");
        Clock.Advance(TimeSpan.FromHours(1));
        var again = Store().CreateOrGetStudy("sweep", """{ "batch": [1, 2.0], "lr": 1e-3 }""");

        const string canonical = """{"batch":[1,2],"lr":0.001}""";
        Assert.Equal(new Study("sweep", canonical, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical))), Start) { Version = BatchLab.Runtime.BatchLabVersion.Current }, created);
        Assert.Equal(created, again);
        Assert.Equal([created], store.ListStudies());
    }

    [Fact]
    public void A_changed_spec_is_refused_unless_extended_and_extending_adds_only_new_trials()
    {
        var store = Store();
        var original = store.CreateOrGetStudy("sweep", """{"batch": [1, 2]}""");
        Assert.Equal(2, store.AddTrials("sweep", Grid("b1", "b2")));

        var refused = Assert.Throws<BatchLabException>(() => store.CreateOrGetStudy("sweep", """{"batch": [1, 2, 4]}"""));
        Assert.Contains("--extend", refused.Message);
        Assert.Equal(original, store.GetStudy("sweep"));

        var extended = store.CreateOrGetStudy("sweep", """{"batch": [1, 2, 4]}""", extend: true);
        Assert.Equal("""{"batch":[1,2,4]}""", extended.Spec);
        Assert.Equal(original.CreatedAt, extended.CreatedAt);
        Assert.Equal(extended, store.GetStudy("sweep"));
        Assert.Equal(1, store.AddTrials("sweep", Grid("b1", "b2", "b4")));
        Assert.Equal(["b1", "b2", "b4"], store.TrialsOf("sweep").Select(t => t.Key));
    }

    [Fact]
    public void Adding_trials_is_idempotent_by_key_and_numbers_continue()
    {
        var store = Store();
        store.CreateOrGetStudy("sweep", "{}");

        Assert.Equal(3, store.AddTrials("sweep", Grid("a", "b", "c")));
        Assert.Equal(0, store.AddTrials("sweep", Grid("c", "b", "a")));
        Assert.Equal(2, store.AddTrials("sweep", Grid("a", "d", "e")));

        var trials = store.TrialsOf("sweep");
        Assert.Equal([0, 1, 2, 3, 4], trials.Select(t => t.Number));
        Assert.Equal(["a", "b", "c", "d", "e"], trials.Select(t => t.Key));
        Assert.All(trials, t => Assert.Equal((TrialState.Queued, 0, Start), (t.State, t.Attempt, t.CreatedAt)));
        Assert.Equal("""{"point":"d"}""", trials[3].Parameters);
        Assert.Throws<BatchLabException>(() => store.AddTrials("no-such-study", Grid("a")));
    }

    [Fact]
    public void Counts_and_listings_follow_the_trials_states()
    {
        var store = StoreWithTrials("a", "b", "c", "d", "e");
        Clock.Advance(TimeSpan.FromSeconds(1));
        store.CreateOrGetStudy("other", "{}");
        store.AddTrials("other", Grid("x"));

        var a = store.ClaimNext(WorkerA, "sweep")!;
        store.Complete(a.Lease, TrialState.Complete, "{}");
        var b = store.ClaimNext(WorkerA, "sweep")!;
        store.Complete(b.Lease, TrialState.Diverged, "{}");
        var c = store.ClaimNext(WorkerA, "sweep")!;
        store.Fail(c.Lease, "bad", retry: false);
        var d = store.ClaimNext(WorkerA, "sweep")!;
        store.Complete(d.Lease, TrialState.Pruned, "{}");
        store.ClaimNext(WorkerA, "sweep");

        Assert.Equal(new TrialCounts(Queued: 0, Running: 1, Complete: 1, Diverged: 1, Failed: 1, Cancelled: 0, Pruned: 1), store.Counts("sweep"));
        Assert.Equal(AttemptOutcome.Pruned, store.Attempts(d.Id).Single().Outcome);
        Assert.Equal(TrialState.Pruned, store.GetTrial(d.Id)!.State);
        Assert.Null(store.ClaimNext(WorkerA, "sweep"));
        Assert.Equal(6, store.Counts().Total);
        Assert.Equal(1, store.Counts().Queued);
        Assert.Equal(["sweep", "other"], store.ListStudies().Select(s => s.Name));
        Assert.Null(store.GetStudy("missing"));
        Assert.Empty(store.TrialsOf("missing"));
    }

    [Fact]
    public void Reopening_keeps_the_data_and_a_newer_schema_is_refused()
    {
        StoreWithTrials("a", "b");

        Assert.Equal(2, Store().TrialsOf("sweep").Count);

        ExecuteSql("INSERT INTO schema_version (version, description, applied_ms) VALUES (99, 'from the future', 0)");
        var refused = Assert.Throws<BatchLabException>(() => Store());
        Assert.Contains("schema version 99", refused.Message);
    }
}
