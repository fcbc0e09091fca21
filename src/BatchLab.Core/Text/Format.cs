using System.Globalization;

namespace BatchLab.Text;

/// <summary>How analyses print numbers inside findings and labels.</summary>
public static class Format
{
    static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>2^k when the value is an exact power of two, otherwise 3 significant digits.</summary>
    public static string Rate(double value)
    {
        var log = Math.Log2(value);
        return Math.Abs(log - Math.Round(log)) < 1e-9 ? $"2^{Math.Round(log).ToString(Invariant)}" : value.ToString("G3", Invariant);
    }

    public static string Batch(long batch, bool full) => full ? $"full ({batch.ToString("N0", Invariant)})" : batch.ToString("N0", Invariant);

    public static string Percent(double fraction) => double.IsFinite(fraction) ? (fraction * 100).ToString("F2", Invariant) + "%" : "—";

    public static string Number(double value, string format = "G4") => double.IsFinite(value) ? value.ToString(format, Invariant) : "—";
}
