namespace BatchLab.Storage.Sql.Postgres;

/// <summary>
/// The schema in PostgreSQL's dialect; the same tables and columns as <c>SqliteSchema</c>.
/// Tables are created in the connection's current schema (the first of its search path).
/// </summary>
static class PostgresSchema
{
    public static IReadOnlyList<Migration> Migrations { get; } =
    [
        new(1, "studies, trials, attempts, metrics, checkpoints", """
            CREATE TABLE studies (
                name TEXT PRIMARY KEY,
                spec TEXT NOT NULL,
                spec_hash TEXT NOT NULL,
                created_ms BIGINT NOT NULL);
            CREATE TABLE trials (
                id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                study TEXT NOT NULL REFERENCES studies (name),
                number INTEGER NOT NULL,
                key TEXT NOT NULL,
                params TEXT NOT NULL,
                state TEXT NOT NULL CHECK (state IN ('QUEUED', 'RUNNING', 'COMPLETE', 'DIVERGED', 'FAILED', 'CANCELLED')),
                attempt INTEGER NOT NULL,
                failures INTEGER NOT NULL,
                owner TEXT,
                lease_expires_ms BIGINT,
                created_ms BIGINT NOT NULL,
                started_ms BIGINT,
                finished_ms BIGINT,
                final_values TEXT,
                error TEXT,
                UNIQUE (study, key),
                UNIQUE (study, number));
            CREATE INDEX trials_by_state ON trials (state, id);
            CREATE TABLE attempts (
                trial_id BIGINT NOT NULL REFERENCES trials (id),
                attempt INTEGER NOT NULL,
                worker_id TEXT NOT NULL,
                host TEXT NOT NULL,
                pid INTEGER NOT NULL,
                started_ms BIGINT NOT NULL,
                ended_ms BIGINT,
                outcome TEXT,
                error TEXT,
                PRIMARY KEY (trial_id, attempt));
            CREATE TABLE metrics (
                trial_id BIGINT NOT NULL REFERENCES trials (id),
                name TEXT NOT NULL,
                update_no BIGINT NOT NULL,
                value DOUBLE PRECISION,
                value_bits BIGINT NOT NULL,
                attempt INTEGER NOT NULL,
                PRIMARY KEY (trial_id, name, update_no));
            CREATE TABLE checkpoints (
                trial_id BIGINT NOT NULL REFERENCES trials (id),
                update_no BIGINT NOT NULL,
                attempt INTEGER NOT NULL,
                data BYTEA NOT NULL,
                saved_ms BIGINT NOT NULL,
                PRIMARY KEY (trial_id, update_no));
            -- Checkpoints are float tensors: compressing them costs CPU and saves nothing.
            ALTER TABLE checkpoints ALTER COLUMN data SET STORAGE EXTERNAL;
            """),
        new(2, "trial state PRUNED", """
            ALTER TABLE trials DROP CONSTRAINT IF EXISTS trials_state_check;
            ALTER TABLE trials ADD CONSTRAINT trials_state_check
                CHECK (state IN ('QUEUED', 'RUNNING', 'COMPLETE', 'DIVERGED', 'FAILED', 'CANCELLED', 'PRUNED'));
            """),
        new(3, "studies.batchlab_version", """
            ALTER TABLE studies ADD COLUMN batchlab_version TEXT;
            """),
    ];
}
