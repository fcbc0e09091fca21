using System.Buffers.Binary;
using System.IO.Compression;

namespace BatchLab.Tests.Data;

/// <summary>Hand-built IDX files for tests: a header, big-endian sizes and data, raw or gzip.</summary>
internal static class IdxFiles
{
    public static byte[] Bytes(byte type, int[] shape, byte[] data)
    {
        var header = new byte[4 + (4 * shape.Length)];
        header[2] = type;
        header[3] = (byte)shape.Length;
        for (var i = 0; i < shape.Length; i++)
        {
            BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4 + (4 * i)), shape[i]);
        }

        return [.. header, .. data];
    }

    public static byte[] Gzip(byte[] bytes)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest))
        {
            gzip.Write(bytes);
        }

        return output.ToArray();
    }

    /// <summary>Writes an MNIST-style folder: n train and m test images of h x w bytes (pixels offset by <paramref name="seed"/>), labels i % classes.</summary>
    public static void WriteImageSet(string directory, int train, int test, int h = 4, int w = 3, int classes = 3, bool gzip = false, int seed = 1)
    {
        Directory.CreateDirectory(directory);
        var suffix = gzip ? ".gz" : "";
        Write(Path.Combine(directory, "train-images-idx3-ubyte" + suffix), Images(train, h, w, seed: seed), gzip);
        Write(Path.Combine(directory, "train-labels-idx1-ubyte" + suffix), Labels(train, classes), gzip);
        Write(Path.Combine(directory, "t10k-images-idx3-ubyte" + suffix), Images(test, h, w, seed: seed + 1), gzip);
        Write(Path.Combine(directory, "t10k-labels-idx1-ubyte" + suffix), Labels(test, classes), gzip);
    }

    /// <summary>Pixel (i, j) of image n is (n * 7 + j * 3 + i + seed) mod 256: known and varied.</summary>
    public static byte[] Images(int n, int h, int w, int seed)
    {
        var data = new byte[n * h * w];
        for (var k = 0; k < data.Length; k++)
        {
            data[k] = (byte)(((k / (h * w)) * 7) + (k % (h * w) * 3) + seed);
        }

        return Bytes(0x08, [n, h, w], data);
    }

    public static byte[] Labels(int n, int classes) =>
        Bytes(0x08, [n], [.. Enumerable.Range(0, n).Select(i => (byte)(i % classes))]);

    static void Write(string path, byte[] bytes, bool gzip) => File.WriteAllBytes(path, gzip ? Gzip(bytes) : bytes);
}

/// <summary>A temporary folder deleted after the test.</summary>
internal sealed class TempDirectory : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("batchlab-test-").FullName;

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
