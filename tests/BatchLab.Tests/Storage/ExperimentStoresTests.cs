using BatchLab.Storage.Sql;
using BatchLab.Storage.Sql.Postgres;
using BatchLab.Storage.Sql.Sqlite;
using BatchLab.Sweeps.Storage;
using Npgsql;

namespace BatchLab.Tests.Storage;

public class ExperimentStoresTests
{
    [Fact]
    public void Sqlite_store_strings_open_that_file_and_create_its_folder()
    {
        var directory = Directory.CreateTempSubdirectory("batchlab-stores-").FullName;
        try
        {
            var path = Path.Combine(directory, "runs", "sweep.db");
            using (var store = ExperimentStores.Open($"sqlite:{path}"))
            {
                Assert.Equal($"sqlite:{path}", store.Location);
                Assert.Equal(SqliteSchema.Migrations[^1].Version, ((SqliteExperimentStore)store).SchemaVersion());
            }

            Assert.True(File.Exists(path));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void Postgres_urls_become_connection_strings()
    {
        var full = PostgresUrl.Parse("postgres://alice:p%40ss%3Aword@db.example.org:6543/sweeps?sslmode=require&search_path=lab");
        var minimal = PostgresUrl.Parse("postgresql://bob@localhost");

        Assert.Equal(
            ("db.example.org", 6543, "alice", "p@ss:word", "sweeps", SslMode.Require, "lab"),
            (full.Host, full.Port, full.Username, full.Password, full.Database, full.SslMode, full.SearchPath));
        Assert.Equal(("localhost", 5432, "bob", (string?)null, "bob"), (minimal.Host, minimal.Port, minimal.Username, minimal.Password, minimal.Database));
    }

    [Theory]
    [InlineData("mysql://root@localhost/db")]
    [InlineData("sweep.txt")]
    [InlineData("sqlite://sweep.db")]
    [InlineData("sqlite:")]
    [InlineData("sqlite::memory:")]
    [InlineData("postgres://")]
    [InlineData("postgres://alice:hunter2@localhost/db?frobnicate=yes")]
    [InlineData("Host=localhost;Frobnicate=yes")]
    public void Bad_store_strings_are_one_line_errors_that_show_no_password(string store)
    {
        var error = Assert.Throws<BatchLabException>(() => ExperimentStores.Open(store));

        Assert.Equal(BatchLabException.BadInput, error.ExitCode);
        Assert.DoesNotContain('\n', error.Message);
        Assert.DoesNotContain("hunter2", error.Message);
    }

    [Fact]
    public void An_unreachable_server_is_a_one_line_error_naming_it_without_the_password()
    {
        // Port 1 on the loopback address: nothing listens there, so the connection is refused at once.
        var error = Assert.Throws<StoreUnavailableException>(() => ExperimentStores.Open("postgres://alice:hunter2@127.0.0.1:1/sweeps"));

        Assert.Equal(BatchLabException.Unavailable, error.ExitCode);
        Assert.StartsWith("cannot connect to the PostgreSQL store postgres://alice@127.0.0.1:1/sweeps: ", error.Message);
        Assert.DoesNotContain('\n', error.Message);
        Assert.DoesNotContain("hunter2", error.Message);
    }

    [Fact]
    public void An_sqlite_path_that_cannot_be_created_is_a_one_line_error()
    {
        // /proc is refused by its place before any file is tried (the kernel's files are no disk).
        var error = Assert.ThrowsAny<BatchLabException>(() => ExperimentStores.Open("sqlite:/proc/batchlab/sweep.db"));

        Assert.NotEqual(0, error.ExitCode);
        Assert.Contains("/proc/batchlab/sweep.db", error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Theory]
    [InlineData("sqlite:///rel/x.db", "rel/x.db")]
    [InlineData("sqlite:////abs/x.db", "/abs/x.db")]
    [InlineData("sqlite:./x.db", "./x.db")]
    [InlineData("sqlite:x.db", "x.db")]
    [InlineData("sqlite:/abs/x.db", "/abs/x.db")]
    [InlineData("x.db", "x.db")]
    [InlineData("data/x.sqlite3", "data/x.sqlite3")]
    [InlineData("postgres://u@h/db", null)]
    [InlineData("Host=h;Database=d.db", null)]
    public void SQLite_stores_are_named_as_SQLAlchemy_and_Optuna_users_write_them(string store, string? path) =>
        Assert.Equal(path, BatchLab.Storage.Sql.Sqlite.SqliteUrl.Path(store));

    [Fact]
    public void Three_slashes_open_a_file_relative_to_the_working_directory_and_the_location_says_where()
    {
        // A folder under the working directory, not a change of it: the working directory is the
        // whole test process's, and the CLI processes other tests start at the same time inherit it
        // (a deleted one made MKL fail to load libtorch_cpu.so in such a child).
        var relative = "batchlab-url-" + Guid.NewGuid().ToString("N")[..8];
        var folder = Directory.CreateDirectory(Path.Combine(Environment.CurrentDirectory, relative)).FullName;
        try
        {
            using var store = ExperimentStores.Open($"sqlite:///{relative}/studies.db");
            Assert.Equal($"sqlite:{Path.Combine(folder, "studies.db")}", store.Location);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
