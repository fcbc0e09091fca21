using System.Data.Common;
using BatchLab.Sweeps.Storage;
using Microsoft.Data.Sqlite;

namespace BatchLab.Storage.Sql.Sqlite;

/// <summary>
/// The embedded store: one file, many processes on one machine. WAL lets readers run beside the
/// single writer; every write transaction takes the write lock at BEGIN IMMEDIATE, so it never
/// has to upgrade a stale read snapshot (an SQLITE_BUSY that waiting cannot cure), and whatever
/// SQLITE_BUSY still comes back (opening, WAL recovery, a long wait) reruns the whole operation
/// until <see cref="ExperimentStoreOptions.BusyTimeout"/>.
/// </summary>
public sealed class SqliteExperimentStore : SqlExperimentStore
{
    readonly string connectionString;

    /// <param name="create">False for commands that work on an existing store (status, export,
    /// worker, retry): a missing file is "no store at PATH" instead of a new empty database,
    /// and an SQLite file without BatchLab's tables is refused.</param>
    public SqliteExperimentStore(string path, ExperimentStoreOptions? options = null, TimeProvider? time = null, bool create = true)
        : base(options ?? ExperimentStoreOptions.Default, time ?? TimeProvider.System)
    {
        Path = System.IO.Path.GetFullPath(path);
        connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path,
            Mode = create ? SqliteOpenMode.ReadWriteCreate : SqliteOpenMode.ReadWrite,
            Pooling = true,
            ForeignKeys = true,
            DefaultTimeout = (int)Math.Ceiling(Options.BusyTimeout.TotalSeconds),
        }.ToString();
        try
        {
            if (create)
            {
                Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
            }
            else
            {
                if (!File.Exists(Path))
                {
                    throw new BatchLabException($"no store at {Path}: check --store (or $BATCHLAB_STORE); `batchlab sweep` creates one");
                }

                RequireSchema();
            }

            Read(connection => Execute(connection, null, "PRAGMA journal_mode = WAL"));
            Migrate();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Dispose();
            throw new StoreUnavailableException($"cannot open the SQLite store {Path}: {e.Message}; check the path given to --store", e);
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>The database file, absolute.</summary>
    public string Path { get; }

    public override string Location => $"sqlite:{Path}";

    protected override IReadOnlyList<Migration> Migrations => SqliteSchema.Migrations;

    protected override string LockRows => "";

    protected override string SkipLockedRows => "";

    protected override DbConnection OpenConnection()
    {
        var connection = new SqliteConnection(connectionString);
        connection.Open();

        // busy_timeout = 0: the bundled SQLite is built without usleep, so its busy handler sleeps
        // a whole second per try (eight busy workers ran 3x slower with it). Without it,
        // Microsoft.Data.Sqlite's own retry loop waits (much shorter steps, until DefaultTimeout),
        // and SqliteBusyRetry reruns whatever still fails.
        // synchronous=NORMAL is safe in WAL mode: a crash of the process loses nothing; a power
        // cut may lose the last commits but never corrupts the file.
        Execute(connection, null, "PRAGMA busy_timeout = 0; PRAGMA synchronous = NORMAL");
        return connection;
    }

    // BeginTransaction() without deferred is BEGIN IMMEDIATE in Microsoft.Data.Sqlite.
    protected override DbTransaction BeginWrite(DbConnection connection) => ((SqliteConnection)connection).BeginTransaction(deferred: false);

    protected override T WithRetry<T>(Func<T> operation) => SqliteBusyRetry.Run(operation, Options.BusyTimeout, Path);

    protected override Exception? Translate(Exception e) => SqliteErrors.Translate(e, Path);

    protected override string SchemaExistsSql => "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'";

    public override void Dispose()
    {
        // Pooled connections keep the file (and its -wal/-shm) open after the store is gone.
        SqliteConnection.ClearPool(new SqliteConnection(connectionString));
        base.Dispose();
    }
}
