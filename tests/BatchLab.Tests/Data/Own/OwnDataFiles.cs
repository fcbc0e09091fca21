using System.Formats.Tar;
using System.IO.Compression;
using BatchLab.IO.Safetensors;
using SkiaSharp;
using static TorchSharp.torch;

namespace BatchLab.Tests.Data.Own;

/// <summary>Small data files in each format a user brings, written the way their tools write them.</summary>
internal static class OwnDataFiles
{
    public static string Folder() => Directory.CreateTempSubdirectory("batchlab-own-data-").FullName;

    /// <summary>A CSV like pandas writes: features a, b, a quoted "c d", and a word label; 3 classes in turn.</summary>
    public static string Csv(string folder, int rows = 60, string name = "data.csv")
    {
        var random = new Random(3);
        var lines = new List<string> { "a,b,\"c d\",species" };
        string[] names = ["versicolor", "setosa", "virginica"];
        for (var i = 0; i < rows; i++)
        {
            lines.Add(FormattableString.Invariant($"{(i % 3 * 10) + random.NextDouble():F4},{random.NextDouble() * 100:F3},{random.Next(5)},{names[i % 3]}"));
        }

        var path = Path.Combine(folder, name);
        File.WriteAllLines(path, lines);
        return path;
    }

    /// <summary>
    /// CIFAR binary files in the official layout with <paramref name="perFile"/> records each: record
    /// i of a file has label i % classes and a red plane of 255, a green plane of 0 and a blue plane of i.
    /// </summary>
    public static void Cifar10(string folder, int perFile = 12)
    {
        Directory.CreateDirectory(folder);
        foreach (var file in new[] { "data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin", "data_batch_5.bin", "test_batch.bin" })
        {
            File.WriteAllBytes(Path.Combine(folder, file), CifarRecords(perFile, labelBytes: 1, classes: 10));
        }

        File.WriteAllText(Path.Combine(folder, "batches.meta.txt"), "airplane\nautomobile\nbird\ncat\ndeer\ndog\nfrog\nhorse\nship\ntruck\n\n");
    }

    public static byte[] CifarRecords(int count, int labelBytes, int classes)
    {
        var record = labelBytes + 3072;
        var bytes = new byte[count * record];
        for (var i = 0; i < count; i++)
        {
            bytes[i * record] = (byte)(i % (labelBytes == 2 ? 20 : classes));
            bytes[(i * record) + labelBytes - 1] = (byte)(i % classes);
            Array.Fill(bytes, (byte)255, (i * record) + labelBytes, 1024);
            Array.Fill(bytes, (byte)i, (i * record) + labelBytes + 2048, 1024);
        }

        return bytes;
    }

    /// <summary>A .tar.gz holding the files of <paramref name="folder"/> under <paramref name="inner"/>/.</summary>
    public static void TarGz(string folder, string inner, string archive)
    {
        using var file = File.Create(archive);
        using var gzip = new GZipStream(file, CompressionLevel.Fastest);
        using var tar = new TarWriter(gzip);
        foreach (var path in Directory.GetFiles(folder))
        {
            tar.WriteEntry(path, $"{inner}/{Path.GetFileName(path)}");
        }
    }

    /// <summary>An ImageFolder: class folders cat and dog, <paramref name="each"/> PNGs of side×side, cats reddish, dogs bluish.</summary>
    public static string Images(string folder, int each = 5, int side = 8)
    {
        foreach (var (name, color) in new[] { ("cat", new SKColor(200, 30, 30)), ("dog", new SKColor(30, 30, 200)) })
        {
            Directory.CreateDirectory(Path.Combine(folder, name));
            for (var i = 0; i < each; i++)
            {
                using var bitmap = new SKBitmap(side, side);
                bitmap.Erase(color.WithGreen((byte)(i * 40)));
                using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
                File.WriteAllBytes(Path.Combine(folder, name, $"{i}.png"), data.ToArray());
            }
        }

        return folder;
    }

    public static string Safetensors(string folder, params (string Name, Tensor Tensor)[] tensors)
    {
        var path = Path.Combine(folder, "data.safetensors");
        SafetensorsFile.Write(path, tensors);
        return path;
    }
}
