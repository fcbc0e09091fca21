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
}
