using BatchLab.Data;
using BatchLab.Data.Fetching;

namespace BatchLab.Tests.Data;

public class CacheInstallTests
{
    [Fact]
    public void Concurrent_fetches_leave_one_complete_copy_and_no_staging_folders()
    {
        using var root = new TempDirectory();
        var context = new DataContext(root.Path, _ => { });
        using var bothStarted = new Barrier(4);

        var targets = Enumerable.Range(0, 4).AsParallel().WithDegreeOfParallelism(4).Select(i => CacheInstall.Install(context, "set", (work, output) =>
        {
            File.WriteAllText(Path.Combine(work, "download"), "scratch");
            bothStarted.SignalAndWait();
            File.WriteAllText(Path.Combine(output, "a"), $"copy {i}");
            File.WriteAllText(Path.Combine(output, "b"), $"copy {i}");
        })).ToList();

        var target = context.CachePath("set");
        Assert.All(targets, t => Assert.Equal(target, t));
        Assert.Equal(["a", "b"], Directory.GetFileSystemEntries(target).Select(Path.GetFileName).Order());
        // Both files come from the same winning copy.
        Assert.Equal(File.ReadAllText(Path.Combine(target, "a")), File.ReadAllText(Path.Combine(target, "b")));
        Assert.Equal([target], Directory.GetFileSystemEntries(root.Path));
    }

    [Fact]
    public void A_failed_fetch_leaves_nothing_behind()
    {
        using var root = new TempDirectory();
        var context = new DataContext(root.Path, _ => { });

        Assert.Throws<BatchLabException>(() => CacheInstall.Install(context, "set", (_, output) =>
        {
            File.WriteAllText(Path.Combine(output, "half"), "x");
            throw new BatchLabException("network down");
        }));

        Assert.Empty(Directory.GetFileSystemEntries(root.Path));
    }
}
