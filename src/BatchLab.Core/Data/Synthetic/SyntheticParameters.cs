using System.Globalization;

namespace BatchLab.Data.Synthetic;

/// <summary>
/// The <c>key=value,...</c> list after a synthetic data set's name, e.g.
/// <c>synthetic-regression:n=4096,d=16,noise=0.5,seed=0</c>. Unknown keys and bad values are
/// errors that list the valid keys.
/// </summary>
internal sealed class SyntheticParameters
{
    readonly string kind;
    readonly Dictionary<string, string> values = [];

    SyntheticParameters(string kind) => this.kind = kind;

    public static SyntheticParameters Parse(string kind, string? text, IReadOnlyCollection<string> keys)
    {
        var parameters = new SyntheticParameters(kind);
        foreach (var pair in (text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = pair.Split('=', 2, StringSplitOptions.TrimEntries);
            if (parts.Length != 2 || !keys.Contains(parts[0]) || !parameters.values.TryAdd(parts[0], parts[1]))
            {
                throw new BatchLabException($"{kind}: bad parameter '{pair}'; write key=value pairs separated by commas, each key once, keys: {string.Join(", ", keys)}");
            }
        }

        return parameters;
    }

    public int Int(string key, int fallback, int min = 1) =>
        !values.TryGetValue(key, out var text) ? fallback
        : int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) && v >= min ? v
        : throw Bad(key, text, $"a whole number of at least {min}");

    public double Double(string key, double fallback) =>
        !values.TryGetValue(key, out var text) ? fallback
        : double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && v >= 0 && double.IsFinite(v) ? v
        : throw Bad(key, text, "a finite number of at least 0");

    public ulong Seed() =>
        !values.TryGetValue("seed", out var text) ? 0
        : ulong.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v
        : throw Bad("seed", text, "a whole number of at least 0");

    BatchLabException Bad(string key, string text, string what) =>
        new($"{kind}: {key}={text} is not valid; {key} must be {what}");
}
