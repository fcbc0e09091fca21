using BatchLab.Sweeps.Storage;
using Microsoft.Data.Sqlite;

namespace BatchLab.Storage.Sql.Sqlite;

/// <summary>
/// What an SQLite failure means for the user: a full disk or an I/O error is the environment's
/// fault and passes (<see cref="StoreUnavailableException"/>: retried, never a trial's failure);
/// a file that is not a database or whose pages are malformed is bad input that no retry cures.
/// Primary result codes from https://sqlite.org/rescode.html.
/// </summary>
static class SqliteErrors
{
    const int ReadOnly = 8;
    const int IoError = 10;
    const int Corrupt = 11;
    const int Full = 13;
    const int CantOpen = 14;
    const int NotADatabase = 26;

    public static Exception? Translate(Exception e, string path) => e switch
    {
        SqliteException { SqliteErrorCode: Corrupt or NotADatabase } s => new BatchLabException(
            $"sqlite:{path} is not a BatchLab store or is damaged ({Reason(s)}); restore it from a backup, or give another --store", BatchLabException.BadInput, e),
        SqliteException { SqliteErrorCode: Full or IoError or CantOpen or ReadOnly } s => new StoreUnavailableException(
            $"the SQLite store {path} cannot be written ({Reason(s)}); free disk space or check the file system", e),
        IOException or UnauthorizedAccessException => new StoreUnavailableException($"the SQLite store {path} cannot be used ({e.Message.TrimEnd('.')})", e),
        _ => null,
    };

    // "SQLite Error 13: 'database or disk is full'." -> "database or disk is full"
    static string Reason(SqliteException e) =>
        e.Message.IndexOf('\'') is var open and >= 0 && e.Message.LastIndexOf('\'') is var close && close > open
            ? e.Message[(open + 1)..close]
            : e.Message;
}
