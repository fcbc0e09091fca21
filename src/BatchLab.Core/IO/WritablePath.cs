namespace BatchLab.IO;

/// <summary>
/// Checks, before any compute is spent, that an output folder or file can be written: the
/// nearest existing ancestor must be a folder, and a probe file is created in it and deleted
/// again (as root permission bits say nothing, and a read-only mount only shows on a write).
/// Nothing is left behind: missing folders are not created here.
/// </summary>
public static class WritablePath
{
    /// <summary>Refuses a folder that cannot be created or written.</summary>
    public static void RequireFolder(string path, string option)
    {
        var full = Full(path, option);
        if (File.Exists(full))
        {
            throw new BatchLabException($"{option} '{path}' is a file, not a folder; choose a folder");
        }

        Probe(path, option, NearestExisting(full, path, option));
    }

    /// <summary>Refuses a file whose folder cannot be created or written, or a path that is a folder.</summary>
    public static void RequireFile(string path, string option)
    {
        var full = Full(path, option);
        if (Directory.Exists(full) || Path.EndsInDirectorySeparator(path))
        {
            throw new BatchLabException($"{option} '{path}' is a folder; give a file name");
        }

        Probe(path, option, NearestExisting(Path.GetDirectoryName(full)!, path, option));
    }

    static string Full(string path, string option)
    {
        try
        {
            return path.Length > 0 && !path.Contains('\0', StringComparison.Ordinal)
                ? Path.GetFullPath(path)
                : throw new ArgumentException("empty or holds a NUL character");
        }
        catch (Exception e) when (e is ArgumentException or PathTooLongException or NotSupportedException)
        {
            throw new BatchLabException($"{option} '{path}' is not a valid path ({e.Message})");
        }
    }

    static string NearestExisting(string full, string path, string option)
    {
        for (var candidate = full; ; candidate = Path.GetDirectoryName(candidate)!)
        {
            if (Directory.Exists(candidate))
            {
                return candidate;
            }

            if (File.Exists(candidate))
            {
                throw new BatchLabException($"{option} '{path}' cannot be created: {candidate} is a file, not a folder");
            }
        }
    }

    static void Probe(string path, string option, string folder)
    {
        var probe = Path.Combine(folder, $".batchlab-write-check-{Guid.NewGuid():N}");
        try
        {
            using var _ = new FileStream(probe, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            var reason = e switch
            {
                UnauthorizedAccessException => "permission denied",
                FileNotFoundException or DirectoryNotFoundException => "it takes no new files",
                _ => e.Message.Replace($" : '{probe}'", "", StringComparison.Ordinal).Replace(probe, folder, StringComparison.Ordinal).TrimEnd('.'),
            };
            throw new BatchLabException($"{option} '{path}' cannot be written: {folder} refused a new file ({reason}); choose another place");
        }
    }
}
