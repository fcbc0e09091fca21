using BatchLab.Data.Fetching;
using BatchLab.Data.Images;

namespace BatchLab.Data.Sources;

/// <summary>A source backed by four MNIST-style IDX files that may have to be fetched first.</summary>
public abstract class IdxImageSource : IFetchedSource
{
    public abstract string Name { get; }

    public abstract string Summary { get; }

    /// <summary>The folder holding the files when they are already on this machine; null when a fetch is needed.</summary>
    public abstract string? PresentAt(DataContext context);

    /// <summary>Fetches the files when needed, checks them, and says where they are.</summary>
    public abstract IdxImageSet Fetch(DataContext context);

    public FetchedFiles FetchFiles(DataContext context)
    {
        var set = Fetch(context);
        return new FetchedFiles(set.Name, set.Source, set.Paths.Directory, set.Files);
    }

    public Dataset Load(DataOptions options, DataContext context) => ImageDatasetBuilder.Build(Fetch(context), options);
}
