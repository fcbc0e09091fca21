using BatchLab.Data;
using BatchLab.Data.Sources;

namespace BatchLab.Tests.Data;

/// <summary>Real MNIST, fetched once per machine into the default cache (a few seconds the first time).</summary>
public class MnistSourceTests
{
    // Per-class counts of the original MNIST training and test sets.
    static readonly long[] TrainPerClass = [5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949];
    static readonly long[] TestPerClass = [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009];

    [Fact]
    public void Fetched_files_match_the_published_checksums()
    {
        var set = new MnistSource().Fetch(DataContext.Default());

        Assert.Equal(MnistSource.Files.Select(f => f.Sha256), set.Files.Select(f => f.Sha256));
        Assert.Equal("ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db", set.Files[0].Sha256);
        Assert.All(set.Files, f => Assert.True(f.Verified));
    }

    [Fact]
    public void Loads_60000_train_and_10000_test_images_with_the_known_class_balance()
    {
        using var data = DataCatalog.Load("mnist");
        var summary = DatasetSummary.Of(data);

        Assert.Equal((60_000L, 10_000L), (summary.OriginalTrain, summary.OriginalTest));
        Assert.Equal((55_000L, 5_000L, 10_000L), (summary.Train.Count, summary.Validation.Count, summary.Test.Count));
        Assert.Equal([55_000L, 1, 28, 28], summary.Train.Shape);
        Assert.Equal(TestPerClass, summary.Test.ClassCounts);
        Assert.Equal(TrainPerClass, summary.Train.ClassCounts!.Zip(summary.Validation.ClassCounts!, (a, b) => a + b));
        Assert.True(summary.ChecksumsVerified);
        // The well-known MNIST pixel statistics, here of the 55,000 training images.
        Assert.Equal(0.1307, summary.Standardization!.Mean, 3);
        Assert.Equal(0.3081, summary.Standardization.Std, 3);
    }

    [Fact]
    public void A_corrupted_cached_file_is_refused_with_its_checksums()
    {
        var real = new MnistSource().Fetch(DataContext.Default());
        using var cache = new TempDirectory();
        var copy = Directory.CreateDirectory(Path.Combine(cache.Path, "mnist")).FullName;
        foreach (var path in real.Paths.All)
        {
            File.Copy(path, Path.Combine(copy, Path.GetFileName(path)));
        }

        var labels = Path.Combine(copy, "t10k-labels-idx1-ubyte");
        var bytes = File.ReadAllBytes(labels);
        bytes[100] ^= 1;
        File.WriteAllBytes(labels, bytes);

        var e = Assert.Throws<BatchLabException>(() => new MnistSource().Fetch(new DataContext(cache.Path, _ => { })));

        Assert.StartsWith($"mnist: {labels} has SHA-256 ", e.Message);
        Assert.Contains("expected ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2", e.Message);
    }
}
