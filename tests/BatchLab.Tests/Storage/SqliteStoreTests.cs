using BatchLab.Storage.Sql;
using BatchLab.Storage.Sql.Sqlite;
using BatchLab.Sweeps;
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

    [Fact]
    public void A_store_from_before_the_pruned_state_upgrades_and_keeps_its_trials()
    {
        ExecuteSql(SqliteSchema.Migrations[0].Sql
            + "CREATE TABLE schema_version (version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_ms BIGINT NOT NULL);"
            + "INSERT INTO schema_version VALUES (1, 'v1', 0);"
            + "INSERT INTO studies VALUES ('old', '{}', 'h', 0);"
            + "INSERT INTO trials (study, number, key, params, state, attempt, failures, created_ms) VALUES ('old', 0, 'k0', '{}', 'COMPLETE', 1, 0, 0), ('old', 1, 'k1', '{}', 'QUEUED', 0, 0, 0);");

        using var store = Connect(new ExperimentStoreOptions(), TimeProvider.System);
        var trial = store.ClaimNext(WorkerIdentity.Current("w"), "old")!;
        store.Complete(trial.Lease, TrialState.Pruned, "{}");

        Assert.Equal(SqliteSchema.Migrations[^1].Version, ((SqliteExperimentStore)store).SchemaVersion());
        Assert.Equal(["k0", "k1"], store.TrialsOf("old").Select(t => t.Key));
        Assert.Equal(new TrialCounts(0, 0, 1, 0, 0, 0, 1), store.Counts("old"));
    }

    public override void Dispose()
    {
        base.Dispose();
        Directory.Delete(directory, recursive: true);
    }
}
