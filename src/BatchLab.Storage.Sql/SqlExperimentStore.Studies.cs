using BatchLab.Sweeps;

namespace BatchLab.Storage.Sql;

public abstract partial class SqlExperimentStore
{
    public Study CreateOrGetStudy(string name, string specJson, bool extend = false)
    {
        var wanted = Study.Create(name, specJson, Time);
        return Write((connection, transaction) =>
        {
            // Insert-if-absent first: two sweeps started at once then agree on one study instead
            // of one of them failing on the primary key.
            var created = Execute(
                connection,
                transaction,
                "INSERT INTO studies (name, spec, spec_hash, created_ms, batchlab_version) VALUES (@name, @spec, @hash, @now, @version) ON CONFLICT (name) DO NOTHING",
                ("@name", wanted.Name),
                ("@spec", wanted.Spec),
                ("@hash", wanted.SpecHash),
                ("@now", wanted.CreatedAt.ToUnixTimeMilliseconds()),
                ("@version", wanted.Version));
            var stored = Query(connection, transaction, SqlRows.Study, $"SELECT {SqlRows.StudyColumns} FROM studies WHERE name = @name{LockRows}", ("@name", name))[0];
            if (created == 1 || stored.SpecHash == wanted.SpecHash)
            {
                return stored;
            }

            if (!extend)
            {
                throw new BatchLabException(
                    $"study '{name}' already exists with a different spec (stored {stored.SpecHash[..12]}, given {wanted.SpecHash[..12]}): "
                    + "pass --extend to add the new points to it, or choose another --name");
            }

            Execute(
                connection,
                transaction,
                "UPDATE studies SET spec = @spec, spec_hash = @hash WHERE name = @name",
                ("@name", name),
                ("@spec", wanted.Spec),
                ("@hash", wanted.SpecHash));
            return stored with { Spec = wanted.Spec, SpecHash = wanted.SpecHash };
        });
    }

    public Study? GetStudy(string name) => Read(connection =>
        Query(connection, null, SqlRows.Study, $"SELECT {SqlRows.StudyColumns} FROM studies WHERE name = @name", ("@name", name)).SingleOrDefault());

    public IReadOnlyList<Study> ListStudies() => Read(connection =>
        Query(connection, null, SqlRows.Study, $"SELECT {SqlRows.StudyColumns} FROM studies ORDER BY created_ms, name"));

    public int AddTrials(string study, IReadOnlyList<TrialRequest> trials) => Write((connection, transaction) =>
    {
        // Locking the study row serializes concurrent submitters, so numbers stay dense and unique.
        if (Query(connection, transaction, r => r.GetString(0), $"SELECT name FROM studies WHERE name = @name{LockRows}", ("@name", study)).Count == 0)
        {
            throw new BatchLabException($"no study named '{study}' in {Location}: create it first");
        }

        var next = Convert.ToInt32(Scalar(connection, transaction, "SELECT COALESCE(MAX(number), -1) + 1 FROM trials WHERE study = @study", ("@study", study)));
        using var insert = Command(
            connection,
            transaction,
            "INSERT INTO trials (study, number, key, params, state, attempt, failures, created_ms) VALUES (@study, @number, @key, @params, 'QUEUED', 0, 0, @now) "
            + "ON CONFLICT (study, key) DO NOTHING",
            ("@study", study),
            ("@number", 0),
            ("@key", ""),
            ("@params", ""),
            ("@now", NowMs()));
        var added = 0;
        foreach (var trial in trials)
        {
            insert.Parameters["@number"].Value = next + added;
            insert.Parameters["@key"].Value = trial.Key;
            insert.Parameters["@params"].Value = trial.Parameters;
            added += insert.ExecuteNonQuery();
        }

        return added;
    });
}
