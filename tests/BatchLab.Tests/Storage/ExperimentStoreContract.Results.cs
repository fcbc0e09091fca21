using BatchLab.Sweeps;

namespace BatchLab.Tests.Storage;

public abstract partial class ExperimentStoreContract
{
    /// <summary>Values a training curve can hold that databases like to change.</summary>
    static readonly double[] AwkwardValues =
    [
        double.NaN,
        -double.NaN,
        BitConverter.Int64BitsToDouble(0x7FF8_0000_0000_1234), // a NaN with a payload
        double.PositiveInfinity,
        double.NegativeInfinity,
        -0.0,
        0.0,
        double.Epsilon, // smallest subnormal
        BitConverter.Int64BitsToDouble(0x000F_FFFF_FFFF_FFFF), // largest subnormal
        double.MaxValue,
        double.MinValue,
        1.0 / 3.0,
    ];

    [Fact]
    public void Metric_values_round_trip_bit_exactly_nan_infinities_negative_zero_and_subnormals_included()
    {
        var store = StoreWithTrials("a");
        var held = store.ClaimNext(WorkerA)!;

        store.AppendMetrics(held.Lease, [.. AwkwardValues.Select((v, i) => new MetricPoint("loss", i, v))]);

        var stored = Store().Metrics(held.Id);
        Assert.Equal(
            AwkwardValues.Select(BitConverter.DoubleToInt64Bits),
            stored.Select(m => BitConverter.DoubleToInt64Bits(m.Value)));
        Assert.Equal(Enumerable.Range(0, AwkwardValues.Length).Select(i => (long)i), stored.Select(m => m.Update));
    }

    [Fact]
    public void Rewriting_a_metric_replaces_it_and_leaves_no_duplicates()
    {
        var store = StoreWithTrials("a");
        var held = store.ClaimNext(WorkerA)!;

        store.AppendMetrics(held.Lease, [.. Enumerable.Range(0, 10).Select(u => new MetricPoint("loss", u, u))]);
        store.AppendMetrics(held.Lease, [.. Enumerable.Range(5, 5).Select(u => new MetricPoint("loss", u, -u))]);
        store.AppendMetrics(held.Lease, [new("accuracy", 9, 0.5)]);

        Assert.Equal(
            [new("accuracy", 9, 0.5), .. Enumerable.Range(0, 10).Select(u => new MetricPoint("loss", u, u < 5 ? u : -u))],
            store.Metrics(held.Id));
    }

    [Fact]
    public void Checkpoints_keep_the_two_newest_updates_and_load_newest_first()
    {
        var store = StoreWithTrials("a");
        var held = store.ClaimNext(WorkerA)!;
        var big = new byte[3 << 20];
        new Random(7).NextBytes(big);

        store.SaveCheckpoint(held.Lease, 10, new byte[] { 0, 255, 0 });
        store.SaveCheckpoint(held.Lease, 20, big);
        Clock.Advance(TimeSpan.FromSeconds(3));
        store.SaveCheckpoint(held.Lease, 30, new byte[] { 30 });

        var loaded = Store().LoadCheckpoints(held.Id);
        Assert.Equal([30L, 20L], loaded.Select(c => c.Update));
        Assert.Equal([30], loaded[0].Data.ToArray());
        Assert.Equal(big, loaded[1].Data.ToArray());
        Assert.Equal((held.Id, 1, Start + TimeSpan.FromSeconds(3)), (loaded[0].TrialId, loaded[0].Attempt, loaded[0].SavedAt));

        store.SaveCheckpoint(held.Lease, 30, new byte[] { 31 });
        store.SaveCheckpoint(held.Lease, 25, new byte[] { 25 });
        Assert.Equal([(30L, 31), (25L, 25)], store.LoadCheckpoints(held.Id).Select(c => (c.Update, (int)c.Data.Span[0])));
        Assert.Empty(store.LoadCheckpoints(held.Id + 1000));
    }
}
