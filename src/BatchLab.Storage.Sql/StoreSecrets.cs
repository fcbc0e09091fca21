using System.Text.RegularExpressions;

namespace BatchLab.Storage.Sql;

/// <summary>
/// Keeps store passwords out of everything BatchLab prints or writes: reports, results, logs and
/// error messages, which end up in shared folders and in Slurm or Kubernetes logs. A password
/// becomes <c>***</c> wherever it appears in a store string's usual places — after
/// <c>scheme://user:</c> up to the host's <c>@</c> (whatever characters it holds, escaped or not,
/// and whatever the scheme's spelling), as a <c>Password=</c> (<c>Pwd=</c>, <c>Psw=</c>) value,
/// or a <c>password=</c> query option — and, for the store this process was given, its literal
/// text (raw and percent-decoded) anywhere at all.
/// </summary>
public static partial class StoreSecrets
{
    public const string Mask = "***";

    /// <summary>The text with every password in a store-string form replaced by <see cref="Mask"/>.</summary>
    public static string Redact(string text)
    {
        var masked = UrlPassword().Replace(text, m => Placeholder(m.Groups["password"].Value) ? m.Value : $"{m.Groups["head"].Value}{Mask}@{m.Groups["host"].Value}");
        return KeyPassword().Replace(masked, m => Placeholder(m.Groups["value"].Value) ? m.Value : $"{m.Groups["key"].Value}{Mask}");
    }

    /// <summary>
    /// A store string as it may be shown: <see cref="Redact"/>, and for a string that is not a
    /// URL but has the <c>user:password@host</c> shape (a missing or mistyped scheme), the part
    /// between the first ':' and the last '@' masked too.
    /// </summary>
    public static string Show(string store)
    {
        var shown = Redact(store);
        if (shown.Contains("://", StringComparison.Ordinal) || shown.StartsWith("sqlite:", StringComparison.OrdinalIgnoreCase))
        {
            return shown;
        }

        var at = shown.LastIndexOf('@');
        var colon = shown.IndexOf(':', StringComparison.Ordinal);
        return at > 0 && colon >= 0 && colon < at ? $"{shown[..(colon + 1)]}{Mask}{shown[at..]}" : shown;
    }

    /// <summary>
    /// The secret strings a store string holds (the password as written, percent-decoded and
    /// percent-encoded), to
    /// remove from text that might echo them without their usual context (a driver's message).
    /// </summary>
    public static IReadOnlyList<string> Of(string? store)
    {
        if (string.IsNullOrEmpty(store) || store.StartsWith("sqlite:", StringComparison.OrdinalIgnoreCase))
        {
            return [];
        }

        var found = new List<string>();
        foreach (Match m in UrlPassword().Matches(store))
        {
            found.Add(m.Groups["password"].Value);
        }

        foreach (Match m in KeyPassword().Matches(store))
        {
            found.Add(m.Groups["value"].Value.Trim().Trim('"', '\''));
        }

        var at = store.LastIndexOf('@');
        var colon = store.IndexOf(':', store.IndexOf("://", StringComparison.Ordinal) is var s and >= 0 ? s + 3 : 0);
        if (at > 0 && colon >= 0 && colon < at)
        {
            found.Add(store[(colon + 1)..at]);
        }

        return [.. found.Where(p => p.Length > 0).SelectMany(p => new[] { p, Decoded(p), Uri.EscapeDataString(p) }).Where(p => p.Length >= 3).Distinct()];
    }

    /// <summary><see cref="Redact"/>, then every literal <paramref name="secrets"/> replaced too.</summary>
    public static string Scrub(string text, IEnumerable<string> secrets) =>
        secrets.OrderByDescending(s => s.Length).Aggregate(Redact(text), (t, secret) => t.Replace(secret, Mask, StringComparison.Ordinal));

    // The syntax in help and error messages ("user:password@host", "Password=...") is no secret.
    static bool Placeholder(string value) => value is "password" or "PASSWORD" or "..." or Mask or "";

    static string Decoded(string text)
    {
        try
        {
            return Uri.UnescapeDataString(text);
        }
        catch (UriFormatException)
        {
            return text;
        }
    }

    // scheme://user:password@host — the password runs to the last '@' before whitespace or a
    // quote, so '@', ':', '/', '#', '%' and ';' inside it, escaped or not, stay masked.
    [GeneratedRegex(@"(?<head>[A-Za-z][A-Za-z0-9+.\-]*://[^:@/\s'""]*:)(?<password>[^\s'""]*)@(?<host>[^@\s'""]*)")]
    private static partial Regex UrlPassword();

    // Password=value; Pwd="va;lue"; ?password=value&...: quoted values may hold ';', and an
    // unquoted one runs to the next ';' (in prose that masks more than the password: harmless).
    [GeneratedRegex(@"(?<key>\b(?:password|pwd|psw)\s*=\s*)(?<value>""(?:[^""]|"""")*""|'(?:[^']|'')*'|[^;'""]*)", RegexOptions.IgnoreCase)]
    private static partial Regex KeyPassword();
}
