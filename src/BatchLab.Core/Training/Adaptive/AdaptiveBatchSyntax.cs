using System.Globalization;

namespace BatchLab.Training.Adaptive;

/// <summary>
/// Reads <c>adaptive[:key=value,...]</c> (keys: policy, min, max, lr, cap, every, factor, gain,
/// drops as fractions joined by '/'); the same text <see cref="AdaptiveBatch.ToString"/> writes.
/// </summary>
public static class AdaptiveBatchSyntax
{
    public const string Word = "adaptive";

    public static bool IsAdaptive(string text) =>
        text.Trim().StartsWith(Word, StringComparison.OrdinalIgnoreCase)
        && (text.Trim().Length == Word.Length || text.Trim()[Word.Length] == ':');

    public static AdaptiveBatch Parse(string text)
    {
        var t = text.Trim();
        if (!IsAdaptive(t))
        {
            throw Bad(text, "it must start with 'adaptive'");
        }

        var result = new AdaptiveBatch();
        var body = t.Length > Word.Length ? t[(Word.Length + 1)..] : "";
        var given = new HashSet<string>(StringComparer.Ordinal);
        foreach (var part in body.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var eq = part.IndexOf('=');
            if (eq <= 0)
            {
                throw Bad(text, $"'{part}' is not key=value");
            }

            var (key, value) = (part[..eq].Trim().ToLowerInvariant(), part[(eq + 1)..].Trim());
            if (!given.Add(key))
            {
                throw Bad(text, $"'{key}' is given twice; keep one"); // min=32,min=64 took the last
            }

            result = key switch
            {
                "policy" => result with { Policy = Enum<BatchPolicyKind>(text, key, value) },
                "min" => result with { Min = Whole(text, key, value) },
                "max" => result with { Max = Whole(text, key, value) },
                "lr" => result with { Lr = Enum<LrScalingRule>(text, key, value) },
                "cap" => result with { LrCap = Number(text, key, value) },
                "every" => result with { Every = Duration.Parse(value) },
                "factor" => result with { Factor = Number(text, key, value) },
                "gain" => result with { MinGain = Number(text, key, value) },
                "drops" => result with { Drops = value.Equals("none", StringComparison.OrdinalIgnoreCase) ? [] : [.. value.Split('/').Select(v => Number(text, key, v))] },
                _ => throw Bad(text, $"unknown key '{key}' (policy, min, max, lr, cap, every, factor, gain, drops)"),
            };
        }

        return result;
    }

    static long Whole(string text, string key, string value) =>
        long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : throw Bad(text, $"{key} must be a positive whole number, got '{value}'");

    static double Number(string text, string key, string value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var x) && double.IsFinite(x) ? x : throw Bad(text, $"{key} must be a number, got '{value}'");

    static T Enum<T>(string text, string key, string value)
        where T : struct, System.Enum =>
        System.Enum.TryParse<T>(value.Replace("-", "", StringComparison.Ordinal), ignoreCase: true, out var e) && System.Enum.IsDefined(e)
            ? e
            : throw Bad(text, $"{key} must be one of {string.Join(", ", System.Enum.GetNames<T>().Select(n => n.ToLowerInvariant()))}, got '{value}'");

    static BatchLabException Bad(string text, string problem) =>
        new($"--batch '{text}': {problem}; e.g. adaptive:policy=goodput,min=32,max=4096,lr=adascale", BatchLabException.BadInput);
}
