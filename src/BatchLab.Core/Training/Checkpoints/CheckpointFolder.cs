using System.Globalization;
using BatchLab.IO;

namespace BatchLab.Training.Checkpoints;

/// <summary>
/// Checkpoints as files <c>ckpt-{update:D10}.bin</c> in a folder: written to a temporary file,
/// flushed to disk, then renamed (atomic on POSIX), so a crash leaves either the old or the new
/// file, never half of one. Keeps the newest <paramref name="keep"/> files. A process killed
/// mid-write leaves its temporary file (<c>ckpt-*.bin.tmp-*</c>) behind; the writer removes such
/// leftovers when it starts (<see cref="RemoveLeftovers"/>, and at the latest with its first save),
/// since one run writes to its folder at a time. Readers (diagnose --checkpoint) never do: a run
/// may be writing while they read.
/// </summary>
public sealed class CheckpointFolder(string directory, int keep = 2) : ICheckpointStore
{
    bool cleaned;

    public string Directory => directory;

    public void Save(long update, byte[] checkpoint)
    {
        RemoveLeftovers();
        System.IO.Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, $"ckpt-{update.ToString("D10", CultureInfo.InvariantCulture)}.bin");
        AtomicFile.Write(path, checkpoint);
        foreach (var old in Files().Skip(keep))
        {
            File.Delete(old);
        }
    }

    public IEnumerable<byte[]> LoadNewestFirst() => Files().Select(File.ReadAllBytes);

    /// <summary>Deletes the temporary files of interrupted writes; returns how many there were.</summary>
    public int RemoveLeftovers()
    {
        if (cleaned || !System.IO.Directory.Exists(directory))
        {
            return 0;
        }

        cleaned = true;
        var leftovers = System.IO.Directory.GetFiles(directory, "ckpt-*.bin.tmp-*");
        foreach (var file in leftovers)
        {
            File.Delete(file);
        }

        return leftovers.Length;
    }

    IEnumerable<string> Files() => System.IO.Directory.Exists(directory)
        ? System.IO.Directory.GetFiles(directory, "ckpt-*.bin").OrderDescending(StringComparer.Ordinal)
        : [];
}
