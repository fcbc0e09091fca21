using System.Data.Common;
using System.Text.Json;
using BatchLab.Sweeps;
using BatchLab.Sweeps.Storage;

namespace BatchLab.Storage.Sql;

public abstract partial class SqlExperimentStore
{
    public void AppendMetrics(TrialLease lease, IReadOnlyCollection<MetricPoint> points) => Write((connection, transaction) =>
    {
        RequireCurrent(connection, transaction, lease);

        // value_bits is the truth (IEEE-754 bits, so NaN payloads, -0.0 and infinities come back
        // exactly); value is the same number for SQL queries, NULL for NaN, which SQLite cannot store.
        using var upsert = Command(
            connection,
            transaction,
            "INSERT INTO metrics (trial_id, name, update_no, value, value_bits, attempt) VALUES (@trial, @name, @update, @value, @bits, @attempt) "
            + "ON CONFLICT (trial_id, name, update_no) DO UPDATE SET value = excluded.value, value_bits = excluded.value_bits, attempt = excluded.attempt",
            ("@trial", lease.TrialId),
            ("@name", ""),
            ("@update", 0L),
            ("@value", 0.0),
            ("@bits", 0L),
            ("@attempt", lease.Attempt));
        foreach (var point in points)
        {
            upsert.Parameters["@name"].Value = point.Name;
            upsert.Parameters["@update"].Value = point.Update;
            upsert.Parameters["@value"].Value = double.IsNaN(point.Value) ? DBNull.Value : point.Value;
            upsert.Parameters["@bits"].Value = BitConverter.DoubleToInt64Bits(point.Value);
            upsert.ExecuteNonQuery();
        }

        return points.Count;
    });

    public void SaveCheckpoint(TrialLease lease, long update, ReadOnlyMemory<byte> data) => Write((connection, transaction) =>
    {
        RequireCurrent(connection, transaction, lease);
        (string, object?)[] key = [("@trial", lease.TrialId), ("@update", update)];
        Execute(
            connection,
            transaction,
            "INSERT INTO checkpoints (trial_id, update_no, attempt, data, saved_ms) VALUES (@trial, @update, @attempt, @data, @now) "
            + "ON CONFLICT (trial_id, update_no) DO UPDATE SET attempt = excluded.attempt, data = excluded.data, saved_ms = excluded.saved_ms",
            [.. key, ("@attempt", lease.Attempt), ("@data", data.ToArray()), ("@now", NowMs())]);
        Execute(
            connection,
            transaction,
            "DELETE FROM checkpoints WHERE trial_id = @trial AND update_no NOT IN "
            + "(SELECT update_no FROM checkpoints WHERE trial_id = @trial ORDER BY update_no DESC LIMIT 2)",
            key[0]);
        return update;
    });

    public void Complete(TrialLease lease, TrialState state, string finalValuesJson)
    {
        if (state is not (TrialState.Complete or TrialState.Diverged or TrialState.Pruned))
        {
            throw new ArgumentException($"a trial completes as COMPLETE, DIVERGED or PRUNED, not {state.ToName()}", nameof(state));
        }

        using (JsonDocument.Parse(finalValuesJson))
        {
            // Only validates: the text is stored as given.
        }

        Write((connection, transaction) =>
        {
            RequireCurrent(connection, transaction, lease);
            var now = NowMs();
            Execute(
                connection,
                transaction,
                "UPDATE trials SET state = @state, final_values = @values, finished_ms = @now, lease_expires_ms = NULL WHERE id = @id",
                ("@state", state.ToName()),
                ("@values", finalValuesJson),
                ("@now", now),
                ("@id", lease.TrialId));
            EndOpenAttempts(connection, transaction, lease.TrialId, now, state switch
            {
                TrialState.Complete => AttemptOutcome.Complete,
                TrialState.Pruned => AttemptOutcome.Pruned,
                _ => AttemptOutcome.Diverged,
            }, null);
            return state;
        });
    }

    public TrialState Fail(TrialLease lease, string error, bool retry) => Write((connection, transaction) =>
    {
        var failures = RequireCurrent(connection, transaction, lease) + 1;
        var now = NowMs();
        var next = retry && failures < Options.MaxFailures ? TrialState.Queued : TrialState.Failed;
        Execute(
            connection,
            transaction,
            "UPDATE trials SET state = @state, failures = failures + 1, error = @error, lease_expires_ms = NULL, finished_ms = @finished WHERE id = @id",
            ("@state", next.ToName()),
            ("@error", error),
            ("@finished", next == TrialState.Failed ? now : null),
            ("@id", lease.TrialId));
        EndOpenAttempts(connection, transaction, lease.TrialId, now, AttemptOutcome.Failed, error);
        return next;
    });

    public void Release(TrialLease lease) => Write((connection, transaction) =>
    {
        RequireCurrent(connection, transaction, lease);
        var now = NowMs();
        Execute(connection, transaction, "UPDATE trials SET state = 'QUEUED', lease_expires_ms = NULL WHERE id = @id", ("@id", lease.TrialId));
        EndOpenAttempts(connection, transaction, lease.TrialId, now, AttemptOutcome.Released, null);
        return now;
    });

    /// <summary>
    /// Throws <see cref="LeaseLostException"/> unless the lease's attempt is current and the trial
    /// RUNNING, and returns the trial's failures so far. The row stays locked (PostgreSQL) or the database write-locked (SQLite) until the
    /// caller's write commits, so no claim can slip in between check and write.
    /// </summary>
    int RequireCurrent(DbConnection connection, DbTransaction transaction, TrialLease lease)
    {
        var rows = Query(
            connection,
            transaction,
            r => (Attempt: r.GetInt32(0), State: TrialStates.Parse(r.GetString(1)), Failures: r.GetInt32(2)),
            $"SELECT attempt, state, failures FROM trials WHERE id = @id{LockRows}",
            ("@id", lease.TrialId));
        if (rows.Count == 0)
        {
            throw new LeaseLostException(lease, 0, null);
        }

        var (attempt, state, failures) = rows[0];
        return attempt == lease.Attempt && state == TrialState.Running ? failures : throw new LeaseLostException(lease, attempt, state);
    }
}
