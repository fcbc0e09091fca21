using BatchLab.Data.Fetching;
using BatchLab.Data.Idx;
using BatchLab.Data.Images;

namespace BatchLab.Data.Sources;

/// <summary>
/// Any folder of MNIST-style IDX files (raw or gzip), found by the usual names (see
/// <see cref="IdxImagePaths"/>). Checksums are recorded; with no published value they are not "verified".
/// </summary>
public sealed class FolderSource(string directory) : IdxImageSource
{
    public string Directory { get; } = Path.GetFullPath(directory);

    public override string Name => $"dir:{Directory}";

    public override string Summary => $"IDX files in {Directory}";

    public override string? PresentAt(DataContext context) => System.IO.Directory.Exists(Directory) ? Directory : null;

    public override IdxImageSet Fetch(DataContext context)
    {
        var paths = IdxImagePaths.Find(Directory);
        return new IdxImageSet(Name, "folder of IDX files", paths, Checksums.Record(paths.All));
    }
}
