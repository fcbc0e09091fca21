using System.Globalization;

namespace BatchLab.Diagnostics.Memory;

/// <summary>Memory sizes as people write them: 4GiB, 512MiB, 4GB, 1.5G (binary), or plain bytes.</summary>
public static class ByteSize
{
    static readonly (string Suffix, double Factor)[] Units =
    [
        ("gib", 1L << 30), ("mib", 1L << 20), ("kib", 1L << 10),
        ("gb", 1e9), ("mb", 1e6), ("kb", 1e3),
        ("g", 1L << 30), ("m", 1L << 20), ("k", 1L << 10), ("b", 1),
    ];

    public static long Parse(string text)
    {
        var t = text.Trim().ToLowerInvariant();
        var (suffix, factor) = Units.FirstOrDefault(u => t.EndsWith(u.Suffix, StringComparison.Ordinal), ("", 1));
        return double.TryParse(t[..^suffix.Length], NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value > 0 && double.IsFinite(value)
            ? (long)(value * factor)
            : throw new BatchLabException($"'{text}' is not a memory size like 4GiB, 512MiB or 4GB", BatchLabException.BadInput);
    }

    /// <summary>Binary units with three significant digits: 553 MiB, 3.72 GiB.</summary>
    public static string Format(long bytes) => Math.Abs(bytes) switch
    {
        >= 1L << 30 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1L << 30):G3} GiB"),
        >= 1L << 20 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1L << 20):G3} MiB"),
        >= 1L << 10 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:G3} KiB"),
        _ => $"{bytes} B",
    };
}
