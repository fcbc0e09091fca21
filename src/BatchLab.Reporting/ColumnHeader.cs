namespace BatchLab.Reporting;

/// <summary>
/// A table column's stored name (snake_case, as in the CSV and results.json) as a page shows it:
/// "median_test_error" → "median test error", "base_lr" → "η̃", "batch" → "B". Words a reader
/// would have to decode are spelled out; the CSV keeps the stored names.
/// </summary>
public static class ColumnHeader
{
    // Whole words first, then the parts of a longer name.
    static readonly Dictionary<string, string> Words = new(StringComparer.Ordinal)
    {
        ["base_lr"] = "η̃",
        ["lr"] = "η",
        ["batch"] = "B",
        ["micro_batch"] = "M",
        ["norm_batch"] = "G",
        ["val"] = "validation",
        ["sq"] = "squared",
        ["grad"] = "gradient",
        ["se"] = "standard error",
        ["cos"] = "cosine",
        ["std"] = "standard deviation",
        ["mb"] = "MB",
        ["gib"] = "GiB",
        ["mib"] = "MiB",
        ["pct"] = "%",
        ["n"] = "N",
        ["k"] = "K",
        ["b"] = "B",
        ["m"] = "M",
    };

    // Values that look wrong until explained, said beside the table they appear in.
    static readonly Dictionary<string, string> Explanations = new(StringComparer.Ordinal)
    {
        ["grad_sq_norm"] = "gradient squared norm: an unbiased estimate of ‖G‖² from two batch sizes, so it can be negative where ‖G‖² is smaller than its noise (B_simple is then not measurable from it)",
        ["trace_cov"] = "trace cov: the estimate of tr Σ, the per-sample gradient noise, from the same draws",
        ["noise_scale_p05"] = "noise scale p05 and p95: the bootstrap 90% interval",
    };

    /// <summary>What a column's odd-looking values mean, or null where they need no word.</summary>
    public static string? Explain(string column) => Explanations.GetValueOrDefault(column);

    public static string Of(string column)
    {
        if (Words.TryGetValue(column, out var whole))
        {
            return whole;
        }

        var parts = column.Split('_', StringSplitOptions.RemoveEmptyEntries).ToList();
        var shown = new List<string>();
        for (var i = 0; i < parts.Count; i++)
        {
            // Two-part names first ("base_lr" inside "best_base_lr").
            if (i + 1 < parts.Count && Words.TryGetValue(parts[i] + "_" + parts[i + 1], out var pair))
            {
                shown.Add(pair);
                i++;
                continue;
            }

            shown.Add(Words.TryGetValue(parts[i], out var word) ? word : parts[i]);
        }

        return shown.Count == 0 ? column : string.Join(' ', shown);
    }
}
