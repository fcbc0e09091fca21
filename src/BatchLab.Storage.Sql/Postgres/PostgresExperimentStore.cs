using System.Data.Common;
using BatchLab.Sweeps.Storage;
using Npgsql;

namespace BatchLab.Storage.Sql.Postgres;

/// <summary>
/// The shared store for workers on many machines. Claims take the candidate row with
/// FOR UPDATE SKIP LOCKED, so concurrent workers pass each other instead of queueing on one row;
/// writes lock their trial row (FOR UPDATE) for the length of one short transaction.
/// </summary>
public sealed class PostgresExperimentStore : SqlExperimentStore
{
    // Any constant: transaction-scoped advisory lock that serializes migrations of one database.
    const long MigrationLockKey = 0x42A7_C4B1_0000_0001;

    readonly NpgsqlDataSource dataSource;

    /// <param name="create">False for commands that work on an existing store (status, export,
    /// worker, retry): a database without BatchLab's tables is refused instead of set up.</param>
    public PostgresExperimentStore(string connectionString, ExperimentStoreOptions? options = null, TimeProvider? time = null, bool create = true)
        : base(options ?? ExperimentStoreOptions.Default, time ?? TimeProvider.System)
    {
        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException e)
        {
            // The message names the keyword at fault; the string itself may hold a password.
            throw new BatchLabException($"not a valid PostgreSQL connection string ({FirstLine(e.Message)}); expected Host=...;Port=...;Username=...;Password=...;Database=...");
        }

        Location = $"postgres://{builder.Username}@{builder.Host}:{builder.Port}/{builder.Database}";
        dataSource = NpgsqlDataSource.Create(builder);
        try
        {
            if (!create)
            {
                RequireSchema();
            }

            Migrate();
        }
        catch
        {
            dataSource.Dispose();
            throw;
        }
    }

    public override string Location { get; }

    protected override IReadOnlyList<Migration> Migrations => PostgresSchema.Migrations;

    protected override string LockRows => " FOR UPDATE";

    protected override string SkipLockedRows => " FOR UPDATE SKIP LOCKED";

    // clock_timestamp(), not now(): now() is the transaction's start, and a claim may wait on locks.
    protected override string? DatabaseNowSql => "SELECT (extract(epoch FROM clock_timestamp()) * 1000)::bigint";

    protected override DbConnection OpenConnection()
    {
        try
        {
            return dataSource.OpenConnection();
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            throw new StoreUnavailableException(
                $"cannot connect to the PostgreSQL store {Location}: {FirstLine(e.Message)}; check --store and that the server is running and reachable",
                e);
        }
    }

    protected override string SchemaExistsSql => "SELECT CASE WHEN to_regclass('schema_version') IS NULL THEN 0 ELSE 1 END";

    // A lost connection, a server shutting down or starting up (57P01-57P03), a full disk or
    // too many connections (class 53), an I/O error (class 58): the server, not the request.
    protected override Exception? Translate(Exception e) =>
        e is NpgsqlException { IsTransient: true } or TimeoutException or IOException or System.Net.Sockets.SocketException
            || (e is PostgresException p && (p.SqlState.StartsWith("08", StringComparison.Ordinal) || p.SqlState.StartsWith("53", StringComparison.Ordinal)
                || p.SqlState.StartsWith("57P0", StringComparison.Ordinal) || p.SqlState.StartsWith("58", StringComparison.Ordinal)))
            ? new StoreUnavailableException($"the PostgreSQL store {Location} is unavailable: {FirstLine(e.Message)}", e)
            : null;

    protected override DbTransaction BeginWrite(DbConnection connection) => ((NpgsqlConnection)connection).BeginTransaction();

    protected override void LockForMigration(DbConnection connection, DbTransaction transaction) =>
        Execute(connection, transaction, "SELECT pg_advisory_xact_lock(@key)", ("@key", MigrationLockKey));

    // Deadlocks and serialization failures roll the whole transaction back: rerunning it is safe.
    protected override T WithRetry<T>(Func<T> operation)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return operation();
            }
            catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure && attempt < 5)
            {
                Thread.Sleep(Random.Shared.Next(5, 50 * attempt));
            }
        }
    }

    public override void Dispose()
    {
        dataSource.Dispose();
        base.Dispose();
    }

    static string FirstLine(string text) => text.Split('\n', 2)[0].Trim();
}
