using BatchLab.Sweeps;

namespace BatchLab.Storage.Sql;

public abstract partial class SqlExperimentStore
{
    public Trial? GetTrial(long trialId) => Read(connection =>
        Query(connection, null, SqlRows.Trial, $"SELECT {SqlRows.TrialColumns} FROM trials WHERE id = @id", ("@id", trialId)).SingleOrDefault());

    public IReadOnlyList<Trial> TrialsOf(string study) => Read(connection =>
        Query(connection, null, SqlRows.Trial, $"SELECT {SqlRows.TrialColumns} FROM trials WHERE study = @study ORDER BY number", ("@study", study)));

    public TrialCounts Counts(string? study = null) => Read(connection =>
    {
        var rows = study is null
            ? Query(connection, null, Count, "SELECT state, COUNT(*) FROM trials GROUP BY state")
            : Query(connection, null, Count, "SELECT state, COUNT(*) FROM trials WHERE study = @study GROUP BY state", ("@study", study));
        return TrialCounts.From(rows.ToDictionary(r => r.State, r => r.Count));
    });

    public IReadOnlyList<MetricPoint> Metrics(long trialId) => Read(connection => Query(
        connection,
        null,
        r => new MetricPoint(r.GetString(0), r.GetInt64(1), BitConverter.Int64BitsToDouble(r.GetInt64(2))),
        "SELECT name, update_no, value_bits FROM metrics WHERE trial_id = @trial ORDER BY name, update_no",
        ("@trial", trialId)));

    public IReadOnlyList<StoredCheckpoint> LoadCheckpoints(long trialId) => Read(connection => Query(
        connection,
        null,
        r => new StoredCheckpoint(r.GetInt64(0), r.GetInt32(1), r.GetInt64(2), r.GetFieldValue<byte[]>(3), DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(4))),
        "SELECT trial_id, attempt, update_no, data, saved_ms FROM checkpoints WHERE trial_id = @trial ORDER BY update_no DESC",
        ("@trial", trialId)));

    public IReadOnlyList<TrialAttempt> Attempts(long trialId) => Read(connection =>
        Query(connection, null, SqlRows.Attempt, $"SELECT {SqlRows.AttemptColumns} FROM attempts WHERE trial_id = @trial ORDER BY attempt", ("@trial", trialId)));

    static (TrialState State, int Count) Count(System.Data.Common.DbDataReader r) => (TrialStates.Parse(r.GetString(0)), Convert.ToInt32(r.GetValue(1)));
}
