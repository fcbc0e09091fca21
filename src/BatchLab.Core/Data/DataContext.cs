namespace BatchLab.Data;

/// <summary>
/// Where fetched data sets are cached, and where progress messages go (the library writes
/// nothing to the console; the CLI passes a logger that writes to stderr).
/// </summary>
public sealed record DataContext(string CacheRoot, Action<string> Log)
{
    /// <summary>Environment variable that overrides the cache folder.</summary>
    public const string CacheVariable = "BATCHLAB_DATA";

    /// <summary><c>$BATCHLAB_DATA</c> when set, otherwise <c>~/.cache/batchlab</c>.</summary>
    public static string DefaultCacheRoot() =>
        Environment.GetEnvironmentVariable(CacheVariable) is { Length: > 0 } root
            ? Path.GetFullPath(root)
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "batchlab");

    public static DataContext Default(Action<string>? log = null) => new(DefaultCacheRoot(), log ?? (_ => { }));

    /// <summary>The cache folder of one data set, e.g. <c>~/.cache/batchlab/mnist</c>.</summary>
    public string CachePath(string name) => Path.Combine(CacheRoot, name);
}
