using BatchLab.Data;
using BatchLab.Data.Synthetic;
using static TorchSharp.torch;

namespace BatchLab.Tests.Data;

public class SyntheticTeacherTests
{
    [Fact]
    public void Every_label_is_the_teachers_argmax()
    {
        var truth = SyntheticTeacher.Generate(new TeacherSpec(Train: 500, Test: 200, Dimensions: 8, Classes: 5, Hidden: 16, Seed: 1), dtype: ScalarType.Float64);
        using var data = truth.Dataset;

        foreach (var split in new[] { data.Train, data.Validation, data.Test })
        {
            var x = split.Inputs.data<double>().ToArray();
            var labels = split.Targets.data<long>().ToArray();
            var expected = Enumerable.Range(0, labels.Length).Select(i => (long)truth.Label(x.AsSpan(i * 8, 8)));
            Assert.Equal(expected, labels);
        }
    }

    [Fact]
    public void Default_set_uses_every_class_without_one_dominating()
    {
        using var data = DataCatalog.Load("synthetic-teacher");
        var counts = DatasetSummary.Of(data).Train.ClassCounts!;

        Assert.Equal("synthetic-teacher:n=8192,test=2048,d=32,classes=10,hidden=64,seed=0", data.Name);
        Assert.Equal([7373L, 32], data.Train.Inputs.shape);
        Assert.Equal(ScalarType.Int64, data.Train.Targets.dtype);
        Assert.Equal(10, data.Outputs);
        Assert.All(counts, n => Assert.True(n > 0));
        Assert.True(counts.Max() < 0.4 * counts.Sum());
    }

    [Fact]
    public void Same_seed_same_labels_other_seed_other_labels()
    {
        using var a = DataCatalog.Load("synthetic-teacher:n=300,test=50,seed=4");
        using var b = DataCatalog.Load("synthetic-teacher:n=300,test=50,seed=4");
        using var c = DataCatalog.Load("synthetic-teacher:n=300,test=50,seed=5");

        Assert.True(a.Train.Targets.eq(b.Train.Targets).all().item<bool>());
        Assert.True(a.Train.Inputs.eq(b.Train.Inputs).all().item<bool>());
        Assert.False(a.Train.Targets.eq(c.Train.Targets).all().item<bool>());
    }
}
