using Npgsql;

namespace BatchLab.Tests.Support;

/// <summary>
/// A database of its own for one test class on the PostgreSQL server that ./run-tests starts
/// (its connection string is in BATCHLAB_TEST_POSTGRES), dropped when the class is done, so
/// test classes can run in parallel. Each test takes a fresh schema in it.
/// </summary>
public sealed class PostgresTestDatabase : IDisposable
{
    public const string Variable = "BATCHLAB_TEST_POSTGRES";

    readonly string admin;
    readonly string name = "batchlab_test_" + Guid.NewGuid().ToString("N")[..12];

    public PostgresTestDatabase()
    {
        admin = Environment.GetEnvironmentVariable(Variable)
            ?? throw new InvalidOperationException($"{Variable} is not set: run ./run-tests, which starts PostgreSQL for the tests");
        Execute(admin, $"CREATE DATABASE {name}");
        ConnectionString = new NpgsqlConnectionStringBuilder(admin) { Database = name }.ConnectionString;
    }

    public string ConnectionString { get; }

    /// <summary>A connection string whose tables go into a new, empty schema.</summary>
    public string NewSchema()
    {
        var schema = "t_" + Guid.NewGuid().ToString("N")[..12];
        Execute(ConnectionString, $"CREATE SCHEMA {schema}");
        return new NpgsqlConnectionStringBuilder(ConnectionString) { SearchPath = schema }.ConnectionString;
    }

    public static void Execute(string connectionString, string sql)
    {
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }

    public void Dispose() => Execute(admin, $"DROP DATABASE IF EXISTS {name} WITH (FORCE)");
}
