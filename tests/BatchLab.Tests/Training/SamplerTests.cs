using BatchLab.Training;

namespace BatchLab.Tests.Training;

public class SamplerTests
{
    static List<long[]> Epoch(BatchPlan plan, long seed, SamplerPosition start, out SamplerPosition end)
    {
        using var sampler = new Sampler(plan, seed);
        var batches = new List<long[]>();
        var position = start;
        do
        {
            var (indices, next) = sampler.Take(position);
            using (indices)
            {
                batches.Add(indices.data<long>().ToArray());
            }

            position = next;
        }
        while (position.Offset != 0);
        end = position;
        return batches;
    }

    [Fact]
    public void Shuffle_visits_every_sample_once_per_epoch_in_a_new_order()
    {
        var plan = BatchPlan.Create(BatchSize.Of(7), null, null, 50);
        var first = Epoch(plan, 1, new SamplerPosition(0, 0), out var next);
        var second = Epoch(plan, 1, next, out _);

        Assert.Equal(Enumerable.Range(0, 50).Select(i => (long)i), first.SelectMany(b => b).Order());
        Assert.Equal(8, first.Count);
        Assert.Single(first[^1]);
        Assert.NotEqual(first.SelectMany(b => b), second.SelectMany(b => b));
    }

    [Fact]
    public void Position_alone_determines_the_next_batch()
    {
        var plan = BatchPlan.Create(BatchSize.Of(5), null, null, 40);
        var all = Epoch(plan, 9, new SamplerPosition(3, 0), out _);
        var fromMiddle = Epoch(plan, 9, new SamplerPosition(3, 15), out _);

        Assert.Equal(all.Skip(3).SelectMany(b => b), fromMiddle.SelectMany(b => b));
    }

    [Fact]
    public void Sequential_and_replacement_modes()
    {
        var sequential = Epoch(BatchPlan.Create(BatchSize.Of(4), null, null, 10, sampling: SamplingMode.Sequential), 0, default, out _);
        Assert.Equal(Enumerable.Range(0, 10).Select(i => (long)i), sequential.SelectMany(b => b));

        var replacement = Epoch(BatchPlan.Create(BatchSize.Of(4), null, null, 10, sampling: SamplingMode.Replacement), 0, default, out _);
        Assert.Equal(2, replacement.Count); // ⌊10/4⌋ updates of exactly B
        Assert.All(replacement, b => Assert.Equal(4, b.Length));
    }
}
