using System.Data.Common;
using BatchLab.Sweeps;

namespace BatchLab.Storage.Sql;

/// <summary>Column lists and the mapping of rows to records, shared by both backends.</summary>
static class SqlRows
{
    public const string TrialColumns =
        "id, study, number, key, params, state, attempt, failures, owner, lease_expires_ms, created_ms, started_ms, finished_ms, final_values, error";

    public const string StudyColumns = "name, spec, spec_hash, created_ms, batchlab_version";

    public const string AttemptColumns = "trial_id, attempt, worker_id, host, pid, started_ms, ended_ms, outcome, error";

    public static Trial Trial(DbDataReader r) => new(
        r.GetInt64(0),
        r.GetString(1),
        r.GetInt32(2),
        r.GetString(3),
        r.GetString(4),
        TrialStates.Parse(r.GetString(5)),
        r.GetInt32(6),
        r.GetInt32(7),
        NullableString(r, 8),
        NullableTime(r, 9),
        Time(r.GetInt64(10)),
        NullableTime(r, 11),
        NullableTime(r, 12),
        NullableString(r, 13),
        NullableString(r, 14));

    public static Study Study(DbDataReader r) => new(r.GetString(0), r.GetString(1), r.GetString(2), Time(r.GetInt64(3))) { Version = NullableString(r, 4) };

    public static TrialAttempt Attempt(DbDataReader r) => new(
        r.GetInt64(0),
        r.GetInt32(1),
        r.GetString(2),
        r.GetString(3),
        r.GetInt32(4),
        Time(r.GetInt64(5)),
        NullableTime(r, 6),
        r.IsDBNull(7) ? null : ParseOutcome(r.GetString(7)),
        NullableString(r, 8));

    /// <summary>Outcomes are stored upper case with underscores: COMPLETE, LEASE_EXPIRED, ...</summary>
    public static string OutcomeName(AttemptOutcome outcome) => outcome switch
    {
        AttemptOutcome.LeaseExpired => "LEASE_EXPIRED",
        _ => outcome.ToString().ToUpperInvariant(),
    };

    static AttemptOutcome ParseOutcome(string name) =>
        Enum.Parse<AttemptOutcome>(name.Replace("_", "", StringComparison.Ordinal), ignoreCase: true);

    static DateTimeOffset Time(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);

    static DateTimeOffset? NullableTime(DbDataReader r, int i) => r.IsDBNull(i) ? null : Time(r.GetInt64(i));

    static string? NullableString(DbDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);
}
