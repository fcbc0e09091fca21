namespace BatchLab.Storage.Sql.Sqlite;

/// <summary>
/// Which SQLite file a --store value names, read the way Python users write it (SQLAlchemy,
/// Optuna) as well as BatchLab's own short form, with no form meaning two things:
/// <list type="bullet">
/// <item><c>sqlite:///batchlab.db</c> — three slashes: a path relative to the working directory;</item>
/// <item><c>sqlite:////data/batchlab.db</c> — four slashes: an absolute path;</item>
/// <item><c>sqlite:batchlab.db</c>, <c>sqlite:./x.db</c>, <c>sqlite:/data/x.db</c> — the path as written;</item>
/// <item><c>batchlab.db</c>, <c>/data/x.sqlite</c> — a bare path ending in .db, .sqlite or .sqlite3.</item>
/// </list>
/// <c>sqlite://x.db</c> (two slashes: a host in a URL, which SQLite has none of) is refused.
/// </summary>
public static class SqliteUrl
{
    const string Scheme = "sqlite:";
    static readonly string[] Extensions = [".db", ".sqlite", ".sqlite3"];

    /// <summary>The file <paramref name="store"/> names, or null when it names no SQLite store.</summary>
    public static string? Path(string store)
    {
        if (!store.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            return !store.Contains("://", StringComparison.Ordinal) && !store.Contains('=', StringComparison.Ordinal)
                && Extensions.Any(e => store.EndsWith(e, StringComparison.OrdinalIgnoreCase))
                ? store
                : null;
        }

        var rest = store[Scheme.Length..];
        var path = rest.StartsWith("///", StringComparison.Ordinal) ? rest[3..]
            : rest.StartsWith("//", StringComparison.Ordinal) ? throw Bad(store, $"'{Scheme}//' would name a host; write {Scheme}///{rest[2..]} for a path relative to here, or {Scheme}////{rest[2..].TrimStart('/')} for an absolute one")
            : rest;
        return path.Length == 0 || path.StartsWith(':')
            ? throw Bad(store, $"give the database file after {Scheme}, e.g. {Scheme}///batchlab.db")
            : path;
    }

    static BatchLabException Bad(string store, string why) => new($"bad --store '{store}': {why}");
}
