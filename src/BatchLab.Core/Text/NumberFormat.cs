using System.Globalization;

namespace BatchLab.Text;

/// <summary>
/// How a number reads in a report — one formatter for tables, key figures and findings, so the
/// same quantity never reads two ways. Text is culture-invariant ("," thousands, "." decimals).
/// Non-finite values are not numbers to a reader: NaN shows <see cref="NanText"/> ("—" unless the
/// table says what it means, e.g. "diverged") and ±∞ <see cref="InfinityText"/> (default "∞"/"-∞").
/// </summary>
public sealed record NumberFormat(NumberStyle Style = NumberStyle.Significant, int Digits = 3)
{
    public string NanText { get; init; } = "—";

    /// <summary>Shown for both infinities; null shows "∞" and "-∞".</summary>
    public string? InfinityText { get; init; }

    /// <summary>Three significant digits: 0.021345 → "0.0213", 3.14159 → "3.14", 182345.2 → "182,345".</summary>
    public static NumberFormat General { get; } = new();

    public static NumberFormat Integer { get; } = new(NumberStyle.Integer, 0);

    public static NumberFormat Duration { get; } = new(NumberStyle.Duration, 0);

    public static NumberFormat Significant(int digits) => new(NumberStyle.Significant, digits);

    public static NumberFormat Percent(int decimals = 1) => new(NumberStyle.Percent, decimals);

    public static NumberFormat Fixed(int decimals) => new(NumberStyle.Fixed, decimals);

    public static NumberFormat Scientific(int digits = 3) => new(NumberStyle.Scientific, digits);

    /// <summary>The same format with one text for every non-finite value, e.g. "diverged".</summary>
    public NumberFormat WithNonFinite(string text) => this with { NanText = text, InfinityText = text };

    /// <summary>Per-sample learning rates: 2^k when exact powers of two, as grids and figures write them.</summary>
    public static NumberFormat PowerOfTwo { get; } = new(NumberStyle.PowerOfTwo, 3);

    /// <summary>
    /// A per-sample learning rate as 2⁻⁸ when it is an exact power of two, else three significant
    /// digits: one notation in figures, tables, the terminal and `status` (issue 27). Input keeps the
    /// typable 2^-8, and CSV and JSON keep the number.
    /// </summary>
    public static string Rate(double value)
    {
        var log = Math.Log2(value);
        return double.IsFinite(log) && Math.Abs(log - Math.Round(log)) < 1e-9
            ? "2" + Superscript((long)Math.Round(log))
            : General.Format(value);
    }

    /// <summary>An integer exponent in superscript digits: -8 → "⁻⁸".</summary>
    public static string Superscript(long exponent) =>
        (exponent < 0 ? "⁻" : "") + string.Concat(Math.Abs(exponent).ToString(CultureInfo.InvariantCulture).Select(d => Superscripts[d - '0']));

    /// <summary>A batch size with thousands separators; B = N (batch gradient descent) as "full (N)".</summary>
    public static string Batch(long batch, bool full) =>
        full ? $"full ({batch.ToString("N0", CultureInfo.InvariantCulture)})" : batch.ToString("N0", CultureInfo.InvariantCulture);

    public string Format(double value)
    {
        if (double.IsNaN(value))
        {
            return NanText;
        }

        if (double.IsInfinity(value))
        {
            return InfinityText ?? (value > 0 ? "∞" : "-∞");
        }

        var digits = Math.Clamp(Digits, 0, 15);
        var text = Style switch
        {
            NumberStyle.Percent => (value * 100).ToString("N" + digits, CultureInfo.InvariantCulture) + "%",
            NumberStyle.Integer => Math.Round(value).ToString("N0", CultureInfo.InvariantCulture),
            NumberStyle.Fixed => value.ToString("N" + digits, CultureInfo.InvariantCulture),
            NumberStyle.Scientific => ToScientific(value, Math.Max(1, digits)),
            NumberStyle.Duration => ToDuration(value),
            NumberStyle.PowerOfTwo => Rate(value),
            _ => ToSignificant(value, Math.Max(1, digits)),
        };
        // Rounding a small negative number can leave a sign on zero.
        return text.TrimStart('-').All(c => c is '0' or '.' or ',' or '%') ? text.TrimStart('-') : text;
    }

    static string ToSignificant(double value, int digits)
    {
        if (value == 0)
        {
            return "0";
        }

        var magnitude = (int)Math.Floor(Math.Log10(Math.Abs(value)));
        if (magnitude is < -3 or >= 15)
        {
            return ToScientific(value, digits);
        }

        // Integer digits are never rounded away: 182,345 stays 182,345 at three significant digits.
        var decimals = Math.Max(0, digits - 1 - magnitude);
        return TrimZeros(value.ToString("N" + decimals, CultureInfo.InvariantCulture));
    }

    /// <summary>"1.23×10⁻⁴": a power of ten a reader reads as one, never the E-notation of programs (1.23E-04).</summary>
    static string ToScientific(double value, int digits)
    {
        var text = value.ToString($"0.{new string('#', digits - 1)}e-0", CultureInfo.InvariantCulture);
        var e = text.IndexOf('e', StringComparison.Ordinal);
        var exponent = text[(e + 1)..];
        return text[..e] + "×10" + string.Concat(exponent.Select(c => c == '-' ? '⁻' : Superscripts[c - '0']));
    }

    const string Superscripts = "⁰¹²³⁴⁵⁶⁷⁸⁹";

    static string ToDuration(double seconds)
    {
        var sign = seconds < 0 ? "-" : "";
        var total = Math.Abs(seconds);
        if (total < 59.5)
        {
            return $"{sign}{ToSignificant(total, 3)} s";
        }

        var whole = (long)Math.Round(total);
        return whole < 3600
            ? $"{sign}{whole / 60} min {whole % 60:00} s"
            : $"{sign}{whole / 3600:N0} h {whole % 3600 / 60:00} min";
    }

    static string TrimZeros(string text) =>
        text.Contains('.', StringComparison.Ordinal) ? text.TrimEnd('0').TrimEnd('.') : text;
}
