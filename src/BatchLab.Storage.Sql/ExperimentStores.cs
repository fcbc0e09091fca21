using BatchLab.Storage.Sql.Postgres;
using BatchLab.Storage.Sql.Sqlite;
using BatchLab.Sweeps.Storage;

namespace BatchLab.Storage.Sql;

/// <summary>
/// Opens the store a <c>--store</c> value names, creating or upgrading its schema:
/// <list type="bullet">
/// <item>an SQLite file (created if missing), named as <see cref="SqliteUrl"/> reads it; the default is
/// <c>sqlite:./batchlab.db</c> in the current directory.</item>
/// <item><c>postgres://user:password@host:port/database</c> or <c>postgresql://...</c>.</item>
/// <item>an Npgsql connection string: <c>Host=...;Username=...;Password=...;Database=...</c>.</item>
/// </list>
/// </summary>
public static class ExperimentStores
{
    public const string DefaultStore = "sqlite:./batchlab.db";

    public const string Syntax = "sqlite:///relative.db, sqlite:////absolute/path.db or a bare FILE.db, postgres://user:password@host:port/database, or an Npgsql connection string (Host=...;Database=...)";

    /// <param name="create">False for commands that work on an existing store (status, export,
    /// worker, retry): "no store at PATH" instead of creating an empty one.</param>
    public static IExperimentStore Open(string? store, ExperimentStoreOptions? options = null, TimeProvider? time = null, bool create = true)
    {
        var text = string.IsNullOrWhiteSpace(store) ? DefaultStore : store.Trim();
        if (SqliteUrl.Path(text) is { } path)
        {
            CheckSqlitePath(path);
            return new SqliteExperimentStore(path, options, time, create);
        }

        if (PostgresUrl.IsUrl(text))
        {
            return new PostgresExperimentStore(PostgresUrl.Parse(text).ConnectionString, options, time, create);
        }

        if (text.Contains('=', StringComparison.Ordinal) && text.Contains("host", StringComparison.OrdinalIgnoreCase))
        {
            return new PostgresExperimentStore(text, options, time, create);
        }

        throw new BatchLabException($"bad --store '{StoreSecrets.Show(text)}': use {Syntax}");
    }

    /// <summary>
    /// A folder or a kernel file (/proc, /sys) is no place for a database: SQLite's own
    /// errors there read as a full disk (exit 4) or an internal error.
    /// </summary>
    static void CheckSqlitePath(string path)
    {
        var full = Path.GetFullPath(path);
        if (Directory.Exists(full))
        {
            throw new BatchLabException($"sqlite:{path} is a folder; give the store's file name, e.g. sqlite:{Path.Combine(path, "batchlab.db")}");
        }

        if (new[] { "/proc/", "/sys/" }.Any(root => full.StartsWith(root, StringComparison.Ordinal)))
        {
            throw new BatchLabException($"sqlite:{path} is in {full[..(full.IndexOf('/', 1) + 1)]}, the kernel's files, not a place for a database; give a path on a disk");
        }
    }
}
