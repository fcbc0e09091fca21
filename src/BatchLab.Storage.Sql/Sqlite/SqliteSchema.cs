namespace BatchLab.Storage.Sql.Sqlite;

/// <summary>
/// The schema in SQLite's dialect; the same tables and columns as <c>PostgresSchema</c>.
/// Times are Unix milliseconds. A metric's value_bits (its IEEE-754 bits) is the exact value;
/// value is there for queries and is NULL for NaN.
/// </summary>
static class SqliteSchema
{
    public static IReadOnlyList<Migration> Migrations { get; } =
    [
        new(1, "studies, trials, attempts, metrics, checkpoints", """
            CREATE TABLE studies (
                name TEXT PRIMARY KEY,
                spec TEXT NOT NULL,
                spec_hash TEXT NOT NULL,
                created_ms INTEGER NOT NULL);
            CREATE TABLE trials (
                id INTEGER PRIMARY KEY,
                study TEXT NOT NULL REFERENCES studies (name),
                number INTEGER NOT NULL,
                key TEXT NOT NULL,
                params TEXT NOT NULL,
                state TEXT NOT NULL CHECK (state IN ('QUEUED', 'RUNNING', 'COMPLETE', 'DIVERGED', 'FAILED', 'CANCELLED')),
                attempt INTEGER NOT NULL,
                failures INTEGER NOT NULL,
                owner TEXT,
                lease_expires_ms INTEGER,
                created_ms INTEGER NOT NULL,
                started_ms INTEGER,
                finished_ms INTEGER,
                final_values TEXT,
                error TEXT,
                UNIQUE (study, key),
                UNIQUE (study, number));
            CREATE INDEX trials_by_state ON trials (state, id);
            CREATE TABLE attempts (
                trial_id INTEGER NOT NULL REFERENCES trials (id),
                attempt INTEGER NOT NULL,
                worker_id TEXT NOT NULL,
                host TEXT NOT NULL,
                pid INTEGER NOT NULL,
                started_ms INTEGER NOT NULL,
                ended_ms INTEGER,
                outcome TEXT,
                error TEXT,
                PRIMARY KEY (trial_id, attempt)) WITHOUT ROWID;
            CREATE TABLE metrics (
                trial_id INTEGER NOT NULL REFERENCES trials (id),
                name TEXT NOT NULL,
                update_no INTEGER NOT NULL,
                value REAL,
                value_bits INTEGER NOT NULL,
                attempt INTEGER NOT NULL,
                PRIMARY KEY (trial_id, name, update_no)) WITHOUT ROWID;
            CREATE TABLE checkpoints (
                trial_id INTEGER NOT NULL REFERENCES trials (id),
                update_no INTEGER NOT NULL,
                attempt INTEGER NOT NULL,
                data BLOB NOT NULL,
                saved_ms INTEGER NOT NULL,
                PRIMARY KEY (trial_id, update_no));
            """),

        // SQLite cannot change a CHECK constraint in place: the table is rebuilt (foreign keys are
        // not enforced on these connections, and the rename keeps the other tables' references).
        new(2, "trial state PRUNED", """
            CREATE TABLE trials_v2 (
                id INTEGER PRIMARY KEY,
                study TEXT NOT NULL REFERENCES studies (name),
                number INTEGER NOT NULL,
                key TEXT NOT NULL,
                params TEXT NOT NULL,
                state TEXT NOT NULL CHECK (state IN ('QUEUED', 'RUNNING', 'COMPLETE', 'DIVERGED', 'FAILED', 'CANCELLED', 'PRUNED')),
                attempt INTEGER NOT NULL,
                failures INTEGER NOT NULL,
                owner TEXT,
                lease_expires_ms INTEGER,
                created_ms INTEGER NOT NULL,
                started_ms INTEGER,
                finished_ms INTEGER,
                final_values TEXT,
                error TEXT,
                UNIQUE (study, key),
                UNIQUE (study, number));
            INSERT INTO trials_v2 SELECT id, study, number, key, params, state, attempt, failures, owner, lease_expires_ms,
                created_ms, started_ms, finished_ms, final_values, error FROM trials;
            DROP TABLE trials;
            ALTER TABLE trials_v2 RENAME TO trials;
            CREATE INDEX trials_by_state ON trials (state, id);
            """),
        new(3, "studies.batchlab_version", """
            ALTER TABLE studies ADD COLUMN batchlab_version TEXT;
            """),
    ];
}
