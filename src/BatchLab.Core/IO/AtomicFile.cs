using System.Text;

namespace BatchLab.IO;

/// <summary>
/// Writes a file so that readers see either the old content or the whole new content: the bytes go
/// to a temporary file in the same folder, are flushed to disk, and the file is renamed over the
/// target (a rename within one file system is atomic on POSIX). An interrupted run leaves at most a
/// stray <c>.tmp-*</c> file, never a truncated CSV or image.
/// </summary>
public static class AtomicFile
{
    public static void Write(string path, string text) => Write(path, Encoding.UTF8.GetBytes(text));

    /// <summary>Streams content through <paramref name="write"/> into the temporary file, then renames it.</summary>
    public static void Write(string path, Action<Stream> write)
    {
        var temporary = $"{path}.tmp-{Guid.NewGuid():N}";
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, path, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }

    public static void Write(string path, byte[] content) => Write(path, stream => stream.Write(content));
}
