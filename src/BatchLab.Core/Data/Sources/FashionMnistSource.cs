using BatchLab.Data.Fetching;
using BatchLab.Data.Idx;
using BatchLab.Data.Images;

namespace BatchLab.Data.Sources;

/// <summary>
/// Fashion-MNIST from the Debian package <c>dataset-fashion-mnist</c> (gzip IDX files under
/// <c>/usr/share/datasets/fashion-mnist</c>). Read in place when the package is installed;
/// otherwise the package is downloaded (31 MB, no root) and its four files kept in
/// <c>CACHE/fashion-mnist</c>. Every load verifies the SHA-256 of the .gz files.
/// </summary>
public sealed class FashionMnistSource : IdxImageSource
{
    public const string Package = "dataset-fashion-mnist";

    public const string InstalledDirectory = "/usr/share/datasets/fashion-mnist";

    public static IReadOnlyList<KnownFile> Files { get; } =
    [
        new("train-images-idx3-ubyte.gz", "b0564c3eedabfbf835052cff8503ea422014ce006caf5b757f851416ee8300c7"),
        new("train-labels-idx1-ubyte.gz", "0ae29f65d86684f32d1b9c85147786c547b9c6aebcaf235f0400a0cce308b056"),
        new("t10k-images-idx3-ubyte.gz", "cc1d090a38ace84dfa1aa66e3ada7c336ef481a96936906477e6dd344da56eaa"),
        new("t10k-labels-idx1-ubyte.gz", "8d3605d196f4be44669e46906da9733c8131fef761fdbfec72c424d5222f1a05"),
    ];

    public override string Name => "fashion-mnist";

    public override string Summary => "Zalando clothing images, 60,000 train / 10,000 test 28x28, 10 classes (Debian package " + Package + ")";

    public override string? PresentAt(DataContext context) =>
        Installed() ? InstalledDirectory : Directory.Exists(context.CachePath(Name)) ? context.CachePath(Name) : null;

    public override IdxImageSet Fetch(DataContext context)
    {
        var directory = PresentAt(context);
        if (directory is null)
        {
            directory = context.CachePath(Name);
            context.Log($"{Name}: first use on this machine; fetching Debian package {Package} (31 MB) into {directory}");
            CacheInstall.Install(context, Name, (work, output) =>
            {
                Download(work, output, context.Log, HandPlacement(directory));
                // Checked before the rename, so a bad download never lands in the cache.
                Checksums.Verify(Name, output, Files, HandPlacement(directory));
            });
        }

        var checks = Checksums.Verify(Name, directory, Files, HandPlacement(directory));
        var how = directory == InstalledDirectory ? "installed" : "downloaded";
        return new IdxImageSet(Name, $"Debian package {Package} ({how})", IdxImagePaths.Find(directory), checks);
    }

    static bool Installed() => Files.All(f => File.Exists(Path.Combine(InstalledDirectory, f.Name)));

    static void Download(string work, string output, Action<string> log, string handPlacement)
    {
        var root = DebianPackage.Unpack(Package, work, log, reason => Unavailable($"{reason}; {handPlacement}"));
        var unpacked = root + InstalledDirectory;
        foreach (var file in Files)
        {
            var from = Path.Combine(unpacked, file.Name);
            if (!File.Exists(from))
            {
                throw Unavailable($"Debian package {Package} has no {InstalledDirectory}/{file.Name}; {handPlacement}");
            }

            File.Move(from, Path.Combine(output, file.Name));
        }
    }

    static string HandPlacement(string directory) =>
        $"to place the files by hand, install {Package} (apt-get install {Package}) or copy {string.Join(", ", Files.Select(f => f.Name))} into {directory}, or read any folder of IDX files with --data-dir";

    static BatchLabException Unavailable(string what) => new($"fashion-mnist: {what}", BatchLabException.Unavailable);
}
