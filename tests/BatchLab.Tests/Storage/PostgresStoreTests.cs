using BatchLab.Storage.Sql;
using BatchLab.Sweeps.Storage;
using BatchLab.Tests.Support;

namespace BatchLab.Tests.Storage;

/// <summary>The store contract on a real PostgreSQL server: a database per class, a schema per test.</summary>
public sealed class PostgresStoreTests(PostgresTestDatabase database) : ExperimentStoreContract, IClassFixture<PostgresTestDatabase>
{
    readonly string connectionString = database.NewSchema();

    // A raw Npgsql connection string, the third form --store accepts.
    protected override IExperimentStore Connect(ExperimentStoreOptions options, TimeProvider time) =>
        ExperimentStores.Open(connectionString, options, time);

    protected override void ExecuteSql(string sql) => PostgresTestDatabase.Execute(connectionString, sql);
}
