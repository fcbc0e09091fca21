using System.Globalization;

namespace BatchLab.Data.Sources;

/// <summary>
/// The text after a file-based data set's kind: a path, then optional <c>key=value</c> pairs
/// separated by commas, e.g. <c>csv:runs/iris.csv,label=species</c>. Paths keep their case; unknown
/// keys and bad values are one-line errors listing the valid keys.
/// </summary>
public sealed class PathSpec
{
    readonly string kind;
    readonly Dictionary<string, string> values = [];

    PathSpec(string kind, string path)
    {
        this.kind = kind;
        Path = path;
    }

    public string Path { get; }

    public static PathSpec Parse(string kind, string? text, IReadOnlyCollection<string> keys, string what)
    {
        var parts = (text ?? "").Split(',', StringSplitOptions.TrimEntries);
        if (parts[0].Length == 0 || parts[0].Contains('='))
        {
            throw new BatchLabException($"{kind}: give the {what} first, e.g. {kind}:{(what.Contains("folder", StringComparison.Ordinal) ? "data/train" : "data.csv")}{(keys.Count > 0 ? $",{keys.First()}=..." : "")}");
        }

        var spec = new PathSpec(kind, parts[0]);
        foreach (var pair in parts.Skip(1).Where(p => p.Length > 0))
        {
            var kv = pair.Split('=', 2, StringSplitOptions.TrimEntries);
            if (kv.Length != 2 || !keys.Contains(kv[0]) || !spec.values.TryAdd(kv[0], kv[1]))
            {
                throw new BatchLabException($"{kind}: bad parameter '{pair}'; after the {what} write key=value pairs separated by commas, each key once{(keys.Count > 0 ? $", keys: {string.Join(", ", keys)}" : " (this format takes none)")}");
            }
        }

        return spec;
    }

    public string? Text(string key) => values.GetValueOrDefault(key);

    public int Int(string key, int fallback, int min = 1) =>
        !values.TryGetValue(key, out var text) ? fallback
        : int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) && v >= min ? v
        : throw new BatchLabException($"{kind}: {key}={text} is not valid; {key} must be a whole number of at least {min}");

    public T Choice<T>(string key, T fallback)
        where T : struct, Enum =>
        !values.TryGetValue(key, out var text) ? fallback
        : Enum.TryParse<T>(text, ignoreCase: true, out var v) && Enum.IsDefined(v) ? v
        : throw new BatchLabException($"{kind}: {key}={text} is not valid; {key} is one of {string.Join(", ", Enum.GetNames<T>().Select(n => n.ToLowerInvariant()))}");
}
