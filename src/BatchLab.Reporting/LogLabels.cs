using System.Globalization;
using BatchLab.Text;

namespace BatchLab.Reporting;

/// <summary>
/// Tick labels for powers of a base, in the original units. Plain numbers while every label on the
/// axis is short (1, 2, 4, ... 65,536; 0.001 ... 10,000); otherwise all of them as powers (2⁻¹², 10⁶),
/// so one axis never mixes the two forms.
/// </summary>
internal static class LogLabels
{
    const int MaxPlainLength = 6;

    public static IReadOnlyList<string> For(int logBase, IReadOnlyList<int> exponents)
    {
        // Thousands separated as everywhere in the report: 1,024 and 32,768.
        var plain = exponents.Select(k => Math.Pow(logBase, k) is var v && v >= 1000 ? v.ToString("N0", CultureInfo.InvariantCulture) : v.ToString("R", CultureInfo.InvariantCulture)).ToList();
        return plain.All(label => label.Length <= MaxPlainLength && !label.Contains('E'))
            ? plain
            : [.. exponents.Select(k => logBase.ToString(CultureInfo.InvariantCulture) + Superscript(k))];
    }

    /// <summary>A rate as the figures' log axes write it: 2⁻⁸ for a power of two, else the number (so a heatmap's rows read as the axes beside it).</summary>
    public static string Rate(double value) => NumberFormat.Rate(value);

    static string Superscript(int exponent) => NumberFormat.Superscript(exponent);
}
