using System.Data.Common;
using BatchLab.Sweeps;

namespace BatchLab.Storage.Sql;

public abstract partial class SqlExperimentStore
{
    public Trial? ClaimNext(WorkerIdentity worker, string? study = null, IReadOnlyCollection<long>? among = null, bool takeOver = true) => Write((connection, transaction) =>
    {
        if (among is { Count: 0 })
        {
            return null;
        }

        var now = LeaseNowMs(connection, transaction);
        var inStudy = study is null ? "" : " AND study = @study";
        (string, object?)[] scope = study is null
            ? [("@now", now), ("@max", Options.MaxFailures)]
            : [("@now", now), ("@max", Options.MaxFailures), ("@study", study)];

        // A trial whose lease expired on its last allowed failure ends here rather than loop forever.
        List<long> exhausted = !takeOver ? [] : Query(
            connection,
            transaction,
            r => r.GetInt64(0),
            "UPDATE trials SET state = 'FAILED', failures = failures + 1, finished_ms = @now, lease_expires_ms = NULL, "
            + "error = 'the lease expired on the last allowed failure: the worker was killed, ran out of memory or stalled' "
            + $"WHERE id IN (SELECT id FROM trials WHERE state = 'RUNNING' AND lease_expires_ms < @now AND failures + 1 >= @max{inStudy}{SkipLockedRows}) "
            + "RETURNING id",
            scope);
        foreach (var id in exhausted)
        {
            EndOpenAttempts(connection, transaction, id, now, AttemptOutcome.LeaseExpired, null);
        }

        var ids = among?.ToList() ?? [];
        var amongIds = among is null ? "" : $" AND id IN ({string.Join(", ", ids.Select((_, i) => $"@among{i}"))})";
        var amongParameters = ids.Select((id, i) => ($"@among{i}", (object?)id));

        // The claim itself: one statement, so no two workers can take the same attempt. Taking
        // over an expired lease counts the previous attempt as failed.
        var claimed = Query(
            connection,
            transaction,
            SqlRows.Trial,
            "UPDATE trials SET failures = failures + CASE WHEN state = 'RUNNING' THEN 1 ELSE 0 END, "
            + "state = 'RUNNING', attempt = attempt + 1, owner = @owner, lease_expires_ms = @expires, "
            + "started_ms = COALESCE(started_ms, @now) "
            + $"WHERE id = (SELECT id FROM trials WHERE (state = 'QUEUED'{(takeOver ? " OR (state = 'RUNNING' AND lease_expires_ms < @now AND failures + 1 < @max)" : "")})"
            + $"{inStudy}{amongIds} ORDER BY id LIMIT 1{SkipLockedRows}) "
            + $"RETURNING {SqlRows.TrialColumns}",
            [.. scope, .. amongParameters, ("@owner", worker.WorkerId), ("@expires", now + (long)Options.LeaseDuration.TotalMilliseconds)]);
        if (claimed.Count == 0)
        {
            return null;
        }

        var trial = claimed[0];
        EndOpenAttempts(connection, transaction, trial.Id, now, AttemptOutcome.LeaseExpired, null);
        Execute(
            connection,
            transaction,
            $"INSERT INTO attempts ({SqlRows.AttemptColumns}) VALUES (@trial, @attempt, @worker, @host, @pid, @now, NULL, NULL, NULL)",
            ("@trial", trial.Id),
            ("@attempt", trial.Attempt),
            ("@worker", worker.WorkerId),
            ("@host", worker.Host),
            ("@pid", worker.Pid),
            ("@now", now));
        return trial;
    });

    public bool Heartbeat(TrialLease lease) => Write((connection, transaction) => Execute(
        connection,
        transaction,
        "UPDATE trials SET lease_expires_ms = @expires WHERE id = @id AND attempt = @attempt AND state = 'RUNNING'",
        ("@expires", LeaseNowMs(connection, transaction) + (long)Options.LeaseDuration.TotalMilliseconds),
        ("@id", lease.TrialId),
        ("@attempt", lease.Attempt)) == 1);

    public int Requeue(string study, TrialState state)
    {
        if (state is not (TrialState.Failed or TrialState.Cancelled))
        {
            throw new BatchLabException($"only FAILED or CANCELLED trials go back to the queue; {state.ToName()} {(state.IsFinal() ? "is a result" : "is not finished")}");
        }

        return Write((connection, transaction) => Execute(
            connection,
            transaction,
            "UPDATE trials SET state = 'QUEUED', failures = 0, finished_ms = NULL, lease_expires_ms = NULL WHERE study = @study AND state = @state",
            ("@study", study),
            ("@state", state.ToName())));
    }

    public bool Cancel(long trialId) => Write((connection, transaction) =>
    {
        var now = NowMs();
        var state = Scalar(connection, transaction, $"SELECT state FROM trials WHERE id = @id{LockRows}", ("@id", trialId)) as string;
        if (state is null || TrialStates.Parse(state).IsFinal())
        {
            return false;
        }

        Execute(
            connection,
            transaction,
            "UPDATE trials SET state = 'CANCELLED', finished_ms = @now, lease_expires_ms = NULL WHERE id = @id",
            ("@id", trialId),
            ("@now", now));
        EndOpenAttempts(connection, transaction, trialId, now, AttemptOutcome.Cancelled, null);
        return true;
    });

    /// <summary>Closes the attempt rows of a trial that are still open (at most one: the previous holder's).</summary>
    static void EndOpenAttempts(DbConnection connection, DbTransaction transaction, long trialId, long now, AttemptOutcome outcome, string? error) => Execute(
        connection,
        transaction,
        "UPDATE attempts SET ended_ms = @now, outcome = @outcome, error = @error WHERE trial_id = @trial AND ended_ms IS NULL",
        ("@now", now),
        ("@outcome", SqlRows.OutcomeName(outcome)),
        ("@error", error),
        ("@trial", trialId));
}
