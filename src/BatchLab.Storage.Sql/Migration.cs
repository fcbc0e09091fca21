namespace BatchLab.Storage.Sql;

/// <summary>
/// One forward-only schema step. Applied in its own write transaction together with its row in
/// schema_version, so a database is always at exactly one version. Never edit a released
/// migration: add the next one.
/// </summary>
public sealed record Migration(int Version, string Description, string Sql);
