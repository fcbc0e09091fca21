using Npgsql;

namespace BatchLab.Storage.Sql.Postgres;

/// <summary>
/// postgres://user:password@host:port/database?sslmode=require (also postgresql://) as an Npgsql
/// connection string. User and password may be percent-encoded; the port defaults to 5432 and
/// the database to the user's name, as libpq does. Query keys are Npgsql connection string
/// keywords (sslmode, search_path and timeout are understood in libpq's spelling too).
/// </summary>
public static class PostgresUrl
{
    public static bool IsUrl(string text) =>
        text.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) || text.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase);

    public static NpgsqlConnectionStringBuilder Parse(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
        {
            throw Bad(url, "expected postgres://user:password@host:port/database");
        }

        var credentials = uri.UserInfo.Split(':', 2);
        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = uri.Host.Trim('[', ']'),
            Port = uri.IsDefaultPort || uri.Port < 0 ? 5432 : uri.Port,
            Username = credentials[0].Length > 0 ? Uri.UnescapeDataString(credentials[0]) : null,
            Password = credentials.Length > 1 ? Uri.UnescapeDataString(credentials[1]) : null,
        };
        var database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/'));
        builder.Database = database.Length > 0 ? database : builder.Username;
        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var (key, value) = pair.Split('=', 2) is [var k, var v] ? (Uri.UnescapeDataString(k), Uri.UnescapeDataString(v)) : (pair, "");
            try
            {
                builder[Keyword(key)] = value;
            }
            catch (ArgumentException)
            {
                throw Bad(url, $"unknown connection option '{key}'");
            }
        }

        return builder;
    }

    static string Keyword(string key) => key.ToLowerInvariant() switch
    {
        "sslmode" => "SSL Mode",
        "search_path" => "Search Path",
        "connect_timeout" => "Timeout",
        "application_name" => "Application Name",
        _ => key,
    };

    // The password never goes into a message.
    static BatchLabException Bad(string url, string why)
    {
        var shown = Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.UserInfo.Contains(':', StringComparison.Ordinal)
            ? url.Replace(uri.UserInfo, uri.UserInfo.Split(':')[0] + ":***", StringComparison.Ordinal)
            : url;
        return new BatchLabException($"bad --store '{shown}': {why}");
    }
}
