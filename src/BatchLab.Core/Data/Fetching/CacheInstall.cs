namespace BatchLab.Data.Fetching;

/// <summary>
/// Puts a fetched data set into the cache so that no reader ever sees half of it, even when
/// several processes fetch the same set at once: each fills its own staging folder beside the
/// target, then renames it into place in one step. The first rename wins; a process that
/// loses discards its copy and uses the winner's, which holds the same verified files.
/// </summary>
public static class CacheInstall
{
    /// <summary>
    /// Runs <paramref name="fill"/>(work, output) in a fresh staging folder, then moves output to
    /// the cache folder of <paramref name="name"/>. Work (downloads, unpacked packages) is deleted.
    /// </summary>
    public static string Install(DataContext context, string name, Action<string, string> fill)
    {
        var target = context.CachePath(name);
        Directory.CreateDirectory(context.CacheRoot);
        // Staging lives beside the target so the final rename stays on one file system (atomic).
        var staging = Path.Combine(context.CacheRoot, $".{name}.{Environment.ProcessId}.{Guid.NewGuid():N}.partial");
        var work = Directory.CreateDirectory(Path.Combine(staging, "work")).FullName;
        var output = Directory.CreateDirectory(Path.Combine(staging, "output")).FullName;
        try
        {
            fill(work, output);
            try
            {
                Directory.Move(output, target);
            }
            catch (IOException) when (Directory.Exists(target))
            {
                context.Log($"{name}: another process finished fetching first; using its copy in {target}");
            }
        }
        finally
        {
            Directory.Delete(staging, recursive: true);
        }

        return target;
    }
}
