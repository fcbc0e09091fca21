using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using BatchLab.Data.Fetching;
using BatchLab.Runtime;
using static TorchSharp.torch;

namespace BatchLab.Data.Cifar;

/// <summary>
/// Reads the CIFAR binary files from a folder holding the official archive (read in place, its
/// MD5 checked against the published value) or the files extracted from it (directly, or in the
/// archive's own sub-folder). Each file's structure is checked — a whole number of records, labels
/// below the class count — and damage is one line naming the file.
/// </summary>
public static class CifarReader
{
    public sealed record Files(IReadOnlyList<byte[]> Train, byte[] Test, IReadOnlyList<string>? ClassNames, string Source, string Location, IReadOnlyList<FileCheck> Checks);

    public static Files Read(CifarLayout layout, string directory)
    {
        if (!Directory.Exists(directory))
        {
            throw new BatchLabException($"{layout.Kind}: {directory}: no such directory; {HandPlacement(layout)}", BatchLabException.Unavailable);
        }

        var archive = Path.Combine(directory, layout.Archive);
        if (File.Exists(archive))
        {
            return FromArchive(layout, archive);
        }

        var folder = Directory.Exists(Path.Combine(directory, layout.Folder)) ? Path.Combine(directory, layout.Folder) : directory;
        var missing = layout.DataFiles.Where(f => !File.Exists(Path.Combine(folder, f))).ToList();
        if (missing.Count > 0)
        {
            throw new BatchLabException($"{layout.Kind}: {folder} lacks {string.Join(", ", missing)}; {HandPlacement(layout)}", BatchLabException.Unavailable);
        }

        var read = layout.DataFiles.ToDictionary(f => f, f => ReadRecords(layout, Path.Combine(folder, f)));
        var names = File.Exists(Path.Combine(folder, layout.NamesFile)) ? Names(File.ReadAllText(Path.Combine(folder, layout.NamesFile))) : null;
        var checks = Checksums.Record(layout.DataFiles.Select(f => Path.Combine(folder, f)));
        return Checked(layout, read, names, "CIFAR binary files (extracted; the authors publish no checksums of them, so their structure is checked)", folder, checks);
    }

    /// <summary>
    /// A data file's bytes, after its size says it is one: a FIFO blocked the read forever, and a
    /// link to /dev/zero read until memory ran out (issue 23). Devices and FIFOs report 0 bytes;
    /// no official file holds more than 50,000 records.
    /// </summary>
    static byte[] ReadRecords(CifarLayout layout, string path)
    {
        var info = new FileInfo(path);
        var length = info.Exists ? info.Length : 0;
        if (length == 0 || length % layout.RecordBytes != 0 || length > 50_000L * layout.RecordBytes)
        {
            throw new BatchLabException(
                $"{layout.Kind}: {info.Name}: {length:N0} bytes is not a whole number of {layout.RecordBytes:N0}-byte records up to 50,000 (truncated, not a regular file, or not a CIFAR binary file)");
        }

        return File.ReadAllBytes(path);
    }

    static Files FromArchive(CifarLayout layout, string archive)
    {
        // A FIFO or device named like the archive reports 0 bytes (and its read would block or
        // never end); the official archives are 161–170 MB, so 1 GiB bounds the read.
        var length = new FileInfo(archive).Length;
        if (length == 0 || length > 1L << 30)
        {
            throw new BatchLabException($"{layout.Kind}: {archive}: {length:N0} bytes is not the official archive (empty, not a regular file, or far too large); download it again", BatchLabException.BadInput);
        }

        var md5 = Convert.ToHexStringLower(MD5.HashData(File.ReadAllBytes(archive)));
        var check = new FileCheck(layout.Archive, md5, layout.ArchiveMd5);
        if (!check.Verified)
        {
            throw new BatchLabException($"{layout.Kind}: {archive} has MD5 {md5}, expected the published {layout.ArchiveMd5} (corrupt, incomplete or another version); download it again", BatchLabException.BadInput);
        }

        var read = new Dictionary<string, byte[]>();
        string? names = null;
        using (var gzip = new GZipStream(File.OpenRead(archive), CompressionMode.Decompress))
        using (var tar = new TarReader(gzip))
        {
            while (tar.GetNextEntry() is { DataStream: not null } entry)
            {
                var file = Path.GetFileName(entry.Name);
                if (layout.DataFiles.Contains(file) || file == layout.NamesFile)
                {
                    using var copy = new MemoryStream();
                    entry.DataStream.CopyTo(copy);
                    if (file == layout.NamesFile)
                    {
                        names = System.Text.Encoding.UTF8.GetString(copy.ToArray());
                    }
                    else
                    {
                        read[file] = copy.ToArray();
                    }
                }
            }
        }

        return Checked(layout, read, names is null ? null : Names(names), $"official archive {layout.Archive} (MD5 verified)", archive, [check]);
    }

    static Files Checked(CifarLayout layout, Dictionary<string, byte[]> read, IReadOnlyList<string>? names, string source, string location, IReadOnlyList<FileCheck> checks)
    {
        foreach (var file in layout.DataFiles)
        {
            var bytes = read.TryGetValue(file, out var b) ? b : throw new BatchLabException($"{layout.Kind}: {location} has no {file}");
            if (bytes.Length == 0 || bytes.Length % layout.RecordBytes != 0)
            {
                throw new BatchLabException($"{layout.Kind}: {file}: {bytes.Length:N0} bytes is not a whole number of {layout.RecordBytes:N0}-byte records (truncated or not a CIFAR binary file)");
            }

            for (var r = 0; r < bytes.Length; r += layout.RecordBytes)
            {
                for (var l = 0; l < layout.LabelBytes; l++)
                {
                    var limit = layout.LabelBytes == 2 && l == 0 ? 20 : layout.LabelBytes == 2 ? 100 : 10;
                    if (bytes[r + l] >= limit)
                    {
                        throw new BatchLabException($"{layout.Kind}: {file}: record {r / layout.RecordBytes:N0} has label {bytes[r + l]}, beyond the {limit} classes (not a {layout.Kind} file)");
                    }
                }
            }
        }

        var classNames = names is { } n && n.Count == layout.Classes ? n : null;
        return new Files([.. layout.TrainFiles.Select(f => read[f])], read[layout.TestFile], classNames, source, location, checks);
    }

    /// <summary>Images [N, 3, 32, 32] scaled to [0, 1] and labels [N] of the records in <paramref name="files"/>.</summary>
    public static (Tensor Images, Tensor Labels) Tensors(CifarLayout layout, IReadOnlyList<byte[]> files)
    {
        var count = files.Sum(f => f.Length / layout.RecordBytes);
        var pixels = new byte[(long)count * CifarLayout.Pixels];
        var labels = new long[count];
        var i = 0;
        foreach (var file in files)
        {
            for (var r = 0; r < file.Length; r += layout.RecordBytes, i++)
            {
                labels[i] = file[r + layout.LabelOffset];
                file.AsSpan(r + layout.LabelBytes, CifarLayout.Pixels).CopyTo(pixels.AsSpan(i * CifarLayout.Pixels));
            }
        }

        using var raw = tensor(pixels, [count, 3, 32, 32]);
        return (raw.to_type(ScalarType.Float32).Div_(255), tensor(labels));
    }

    static List<string> Names(string text)
    {
        List<string> names = [.. text.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)];
        ClassNameRule.Check(names, "CIFAR class names file", "use the archive's own meta file");
        return names;
    }

    static string HandPlacement(CifarLayout layout) =>
        $"download {layout.Archive} (binary version) from the CIFAR page by hand and put it, or the files it holds ({string.Join(", ", layout.DataFiles)}), in that folder";
}
