using System.Data.Common;
using BatchLab.Sweeps.Storage;

namespace BatchLab.Storage.Sql;

/// <summary>
/// The <see cref="IExperimentStore"/> contract written once over ADO.NET; the SQL is the subset
/// that SQLite and PostgreSQL share (ON CONFLICT, RETURNING, LIMIT). A backend supplies
/// connections, its write transaction, its row-locking clauses, its schema and its retry rule.
/// Each call opens a pooled connection and runs one short transaction, so one store object may
/// be used from several threads.
/// </summary>
public abstract partial class SqlExperimentStore : IExperimentStore
{
    protected SqlExperimentStore(ExperimentStoreOptions options, TimeProvider time)
    {
        options.Validate();
        Options = options;
        Time = time;
    }

    public ExperimentStoreOptions Options { get; }

    protected TimeProvider Time { get; }

    public abstract string Location { get; }

    /// <summary>The forward-only schema, oldest first; version numbers start at 1.</summary>
    protected abstract IReadOnlyList<Migration> Migrations { get; }

    /// <summary>
    /// Appended to a SELECT of a trial inside a write so no claim can change it until commit
    /// (PostgreSQL: FOR UPDATE; SQLite: empty, its write transaction already excludes every other
    /// writer).
    /// </summary>
    protected abstract string LockRows { get; }

    /// <summary>Appended to the claim's candidate SELECT: PostgreSQL's FOR UPDATE SKIP LOCKED lets concurrent claimers pass each other.</summary>
    protected abstract string SkipLockedRows { get; }

    protected abstract DbConnection OpenConnection();

    /// <summary>A transaction that holds the write lock from its start (SQLite: BEGIN IMMEDIATE).</summary>
    protected abstract DbTransaction BeginWrite(DbConnection connection);

    /// <summary>Runs one whole operation (connection and transaction included), again if the backend says that is safe.</summary>
    protected abstract T WithRetry<T>(Func<T> operation);

    /// <summary>
    /// The exception a backend's own failure becomes, or null to let it through: a
    /// <see cref="StoreUnavailableException"/> for an unreachable server, a full disk or a held
    /// lock (safe to retry: nothing was written), a <see cref="BatchLabException"/> for a file
    /// that is not a BatchLab store or is damaged. Any message names <see cref="Location"/>, never
    /// the connection string, which may hold a password.
    /// </summary>
    protected abstract Exception? Translate(Exception e);

    /// <summary>SQL returning 1 when the schema_version table exists (a BatchLab store), 0 otherwise.</summary>
    protected abstract string SchemaExistsSql { get; }

    /// <summary>Serializes concurrent migrations of one database inside the given transaction.</summary>
    protected virtual void LockForMigration(DbConnection connection, DbTransaction transaction)
    {
    }

    public virtual void Dispose() => GC.SuppressFinalize(this);

    protected T Write<T>(Func<DbConnection, DbTransaction, T> body) => Translated(() => WithRetry(() =>
    {
        using var connection = OpenConnection();
        using var transaction = BeginWrite(connection);
        var result = body(connection, transaction);
        transaction.Commit();
        return result;
    }));

    protected T Read<T>(Func<DbConnection, T> body) => Translated(() => WithRetry(() =>
    {
        using var connection = OpenConnection();
        return body(connection);
    }));

    T Translated<T>(Func<T> operation)
    {
        try
        {
            return operation();
        }
        catch (Exception e) when (e is not BatchLabException and not LeaseLostException && Translate(e) is { } translated)
        {
            throw translated;
        }
    }

    /// <summary>
    /// For commands that only read (status, export) or work on what exists (worker, retry):
    /// refuses a database without BatchLab's tables instead of creating them in it.
    /// </summary>
    protected void RequireSchema()
    {
        if (Convert.ToInt64(Read(connection => Scalar(connection, null, SchemaExistsSql))) == 0)
        {
            throw new BatchLabException($"{Location} is not a BatchLab store (it has no schema_version table); check --store, or create a store with `batchlab sweep`");
        }
    }

    protected static DbCommand Command(DbConnection connection, DbTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }

        return command;
    }

    protected static int Execute(DbConnection connection, DbTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(connection, transaction, sql, parameters);
        return command.ExecuteNonQuery();
    }

    protected static object? Scalar(DbConnection connection, DbTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(connection, transaction, sql, parameters);
        var value = command.ExecuteScalar();
        return value is DBNull ? null : value;
    }

    protected static List<T> Query<T>(DbConnection connection, DbTransaction? transaction, Func<DbDataReader, T> map, string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(connection, transaction, sql, parameters);
        using var reader = command.ExecuteReader();
        var rows = new List<T>();
        while (reader.Read())
        {
            rows.Add(map(reader));
        }

        return rows;
    }

    /// <summary>Milliseconds since the Unix epoch: how every time is stored.</summary>
    protected long NowMs() => Time.GetUtcNow().ToUnixTimeMilliseconds();

    /// <summary>
    /// Now for lease times, in Unix milliseconds: the database's clock unless the options ask for
    /// the local one (<see cref="LeaseClock"/>). One query on the write's own connection, inside its
    /// transaction (PostgreSQL: well under a millisecond on a local network).
    /// </summary>
    protected long LeaseNowMs(DbConnection connection, DbTransaction transaction) =>
        Options.LeaseClock == LeaseClock.Database && DatabaseNowSql is { } sql ? Convert.ToInt64(Scalar(connection, transaction, sql)) : NowMs();

    /// <summary>SQL that reads the server's clock in Unix milliseconds; null where the store has no clock of its own (SQLite runs in this process).</summary>
    protected virtual string? DatabaseNowSql => null;

    /// <summary>Brings the schema up to the newest version; refuses a database written by a newer BatchLab.</summary>
    protected void Migrate() => Write((connection, transaction) =>
    {
        LockForMigration(connection, transaction);
        Execute(connection, transaction, "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_ms BIGINT NOT NULL)");
        var current = Convert.ToInt32(Scalar(connection, transaction, "SELECT COALESCE(MAX(version), 0) FROM schema_version"));
        var newest = Migrations[^1].Version;
        if (current > newest)
        {
            throw new BatchLabException($"the store {Location} has schema version {current}, newer than this BatchLab knows ({newest}): upgrade BatchLab to use it");
        }

        foreach (var migration in Migrations.Where(m => m.Version > current))
        {
            Execute(connection, transaction, migration.Sql);
            Execute(
                connection,
                transaction,
                "INSERT INTO schema_version (version, description, applied_ms) VALUES (@version, @description, @now)",
                ("@version", migration.Version),
                ("@description", migration.Description),
                ("@now", NowMs()));
        }

        return current;
    });

    /// <summary>The schema version the database is at.</summary>
    public int SchemaVersion() => Read(connection => Convert.ToInt32(Scalar(connection, null, "SELECT COALESCE(MAX(version), 0) FROM schema_version")));
}
