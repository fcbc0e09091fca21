using BatchLab.Storage.Sql;
using BatchLab.Sweeps.Storage;
using Microsoft.Data.Sqlite;

namespace BatchLab.Tests.Storage;

/// <summary>The store contract on SQLite: one database file per test, each store a separate connection pool.</summary>
public sealed class SqliteStoreTests : ExperimentStoreContract
{
    readonly string directory = Directory.CreateTempSubdirectory("batchlab-store-").FullName;

    string DatabasePath => Path.Combine(directory, "sweep.db");

    protected override IExperimentStore Connect(ExperimentStoreOptions options, TimeProvider time) =>
        ExperimentStores.Open($"sqlite:{DatabasePath}", options, time);

    protected override void ExecuteSql(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        connection.Open();
        using var command = new SqliteCommand(sql, connection);
        command.ExecuteNonQuery();
    }

    public override void Dispose()
    {
        base.Dispose();
        Directory.Delete(directory, recursive: true);
    }
}
