using System.CommandLine;
using BatchLab.Storage.Sql.Sqlite;

namespace BatchLab.Cli;

/// <summary>
/// The --store part of a command printed as a next step ("see `batchlab status --study X --store
/// Y`"), so the hint works where it is copied: the SQLite path as typed; a server's URL is not
/// repeated (it may hold a password), the hint says to pass the same --store instead.
/// </summary>
public static class StoreHint
{
    public static string For(ParseResult parse) => parse.GetValue(StoreArguments.Store) switch
    {
        null => "",
        var store when SqliteUrl.Path(store) is not null => $" --store {Quote(store)}",
        _ => " --store (the same as above)",
    };

    static string Quote(string text) => text.Any(c => char.IsWhiteSpace(c) || c is '\'' or '"' or '$' or '&' or ';') ? $"'{text.Replace("'", "'\\''", StringComparison.Ordinal)}'" : text;
}
