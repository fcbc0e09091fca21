using BatchLab.Data;
using static TorchSharp.torch;

namespace BatchLab.Tests.Data;

public class SplitCarvingTests
{
    [Fact]
    public void Carving_partitions_the_training_set_the_same_way_whatever_the_torch_seed()
    {
        manual_seed(1);
        var (train1, validation1) = SplitCarving.Indices(1000, 100, null);
        manual_seed(2);
        var (train2, validation2) = SplitCarving.Indices(1000, 100, null);

        var t = train1.data<long>().ToArray();
        var v = validation1.data<long>().ToArray();
        Assert.Equal(v, validation2.data<long>().ToArray());
        Assert.Equal(t, train2.data<long>().ToArray());
        Assert.Equal(Enumerable.Range(0, 1000).Select(i => (long)i), t.Concat(v).Order());
        Assert.Equal(t.Order(), t);
        // A random carve, not the first or last rows.
        Assert.InRange(v.Average(), 350, 650);
    }

    [Fact]
    public void Train_subset_is_a_prefix_and_leaves_validation_alone()
    {
        var (train, validation) = SplitCarving.Indices(500, 50, null);
        var (subset, sameValidation) = SplitCarving.Indices(500, 50, 20);

        Assert.Equal(train.data<long>().ToArray()[..20], subset.data<long>().ToArray());
        Assert.Equal(validation.data<long>().ToArray(), sameValidation.data<long>().ToArray());
    }
}
