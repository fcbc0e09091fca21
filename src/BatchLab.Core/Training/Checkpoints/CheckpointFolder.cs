using System.Globalization;
using BatchLab.IO;

namespace BatchLab.Training.Checkpoints;

/// <summary>
/// Checkpoints as files <c>ckpt-{update:D10}.bin</c> in a folder: written to a temporary file,
/// flushed to disk, then renamed (atomic on POSIX), so a crash leaves either the old or the new
/// file, never half of one. Keeps the newest <paramref name="keep"/> files.
/// </summary>
public sealed class CheckpointFolder(string directory, int keep = 2) : ICheckpointStore
{
    public string Directory => directory;

    public void Save(long update, byte[] checkpoint)
    {
        System.IO.Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, $"ckpt-{update.ToString("D10", CultureInfo.InvariantCulture)}.bin");
        AtomicFile.Write(path, checkpoint);
        foreach (var old in Files().Skip(keep))
        {
            File.Delete(old);
        }
    }

    public IEnumerable<byte[]> LoadNewestFirst() => Files().Select(File.ReadAllBytes);

    IEnumerable<string> Files() => System.IO.Directory.Exists(directory)
        ? System.IO.Directory.GetFiles(directory, "ckpt-*.bin").OrderDescending(StringComparer.Ordinal)
        : [];
}
