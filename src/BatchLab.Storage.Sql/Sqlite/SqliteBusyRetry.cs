using System.Diagnostics;
using BatchLab.Sweeps.Storage;
using Microsoft.Data.Sqlite;

namespace BatchLab.Storage.Sql.Sqlite;

/// <summary>
/// Reruns a whole store operation that SQLite answered with SQLITE_BUSY or SQLITE_LOCKED, with
/// jittered backoff (5–100 ms) until a deadline. Safe because every operation is one transaction
/// that was rolled back. Past the deadline the user gets one line, not "database is locked".
/// </summary>
static class SqliteBusyRetry
{
    const int Busy = 5;
    const int Locked = 6;

    public static T Run<T>(Func<T> operation, TimeSpan timeout, string path)
    {
        var clock = Stopwatch.StartNew();
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return operation();
            }
            catch (SqliteException e) when (e.SqliteErrorCode is Busy or Locked)
            {
                if (clock.Elapsed > timeout)
                {
                    throw new StoreUnavailableException(
                        $"the SQLite store {path} stayed locked by other processes for {timeout.TotalSeconds:0} s; "
                        + "for many concurrent workers use a PostgreSQL store (--store postgres://...)",
                        e);
                }

                Thread.Sleep(Random.Shared.Next(5, 5 + Math.Min(95, 10 * (attempt + 1))));
            }
        }
    }
}
