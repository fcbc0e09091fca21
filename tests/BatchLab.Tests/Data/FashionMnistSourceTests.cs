using BatchLab.Data;
using BatchLab.Data.Sources;

namespace BatchLab.Tests.Data;

/// <summary>Real Fashion-MNIST from the Debian package, fetched once per machine (about 15 s the first time).</summary>
public class FashionMnistSourceTests
{
    [Fact]
    public void Fetched_files_match_the_published_checksums()
    {
        var set = new FashionMnistSource().Fetch(DataContext.Default());

        Assert.Equal(FashionMnistSource.Files.Select(f => f.Sha256), set.Files.Select(f => f.Sha256));
        Assert.All(set.Files, f => Assert.True(f.Verified));
    }

    [Fact]
    public void Loads_60000_train_and_10000_test_images_with_balanced_classes()
    {
        using var data = DataCatalog.Load("fashion-mnist");
        var summary = DatasetSummary.Of(data);

        Assert.Equal((60_000L, 10_000L), (summary.OriginalTrain, summary.OriginalTest));
        Assert.Equal((55_000L, 5_000L, 10_000L), (summary.Train.Count, summary.Validation.Count, summary.Test.Count));
        // Fashion-MNIST has exactly 6,000 training and 1,000 test images per class.
        Assert.All(summary.Train.ClassCounts!.Zip(summary.Validation.ClassCounts!, (a, b) => a + b), n => Assert.Equal(6_000, n));
        Assert.All(summary.Test.ClassCounts!, n => Assert.Equal(1_000, n));
        Assert.True(summary.ChecksumsVerified);
    }
}
