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
            throw Bad(url, PortProblem(url) ?? "expected postgres://user:password@host:port/database, with any @ : / # % ? in the user or password percent-encoded (%40 %3A %2F %23 %25 %3F)");
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
            if (!builder.ContainsKey(Keyword(key)))
            {
                throw Bad(url, $"unknown connection option '{key}'");
            }

            try
            {
                builder[Keyword(key)] = value;
            }
            catch (Exception e) when (e is ArgumentException or FormatException or InvalidCastException or OverflowException)
            {
                // The option exists; its value is what is wrong (and may be a password: not shown).
                var shown = Keyword(key).Equals("Password", StringComparison.OrdinalIgnoreCase) ? StoreSecrets.Mask : value;
                throw Bad(url, $"'{shown}' is not a valid value for the connection option '{key}'{Allowed(Keyword(key))}");
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

    // host:PORT/ with a port no TCP connection can have.
    static string? PortProblem(string url) =>
        System.Text.RegularExpressions.Regex.Match(url, @"@[^@/:]*:(?<port>\d+)(?:[/?]|$)") is { Success: true } m
        && (!int.TryParse(m.Groups["port"].Value, out var port) || port is < 1 or > 65535)
            ? $"port {m.Groups["port"].Value} is not between 1 and 65535"
            : null;

    // The valid values of an option with a fixed set (SSL Mode is an enum in Npgsql).
    static string Allowed(string keyword) => keyword == "SSL Mode"
        ? $" (use one of {string.Join(", ", Enum.GetNames<SslMode>().Select(n => n.ToLowerInvariant()))})"
        : "";

    // The password never goes into a message, however malformed the URL around it is.
    static BatchLabException Bad(string url, string why) => new($"bad --store '{StoreSecrets.Show(url)}': {why}");
}
