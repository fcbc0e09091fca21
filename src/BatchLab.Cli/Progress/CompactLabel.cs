using System.Globalization;
using System.Text.RegularExpressions;
using BatchLab.Text;

namespace BatchLab.Cli.Progress;

/// <summary>
/// A grid point as a progress row has room for: "batch=32 base_lr=0.0009765625 seed=0" →
/// "B=32 η̃=2^-10 s0", the symbols of the README's vocabulary.
/// </summary>
public static partial class CompactLabel
{
    public static string Of(string label) => string.Join(' ', label.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(Pair).Where(p => p.Length > 0));

    /// <summary>Every "(axis=value …)" in a log line made compact, e.g. a worker's "trial 7 (batch=32 …): COMPLETE".</summary>
    public static string InLine(string line) => Parenthesised().Replace(line, m => "(" + Of(m.Groups[1].Value) + ")");

    static string Pair(string pair)
    {
        var at = pair.IndexOf('=', StringComparison.Ordinal);
        if (at <= 0)
        {
            return pair;
        }

        var (name, value) = (pair[..at], pair[(at + 1)..]);
        var number = double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : (double?)null;
        return name switch
        {
            "batch" => "B=" + value,
            "base_lr" when number is double r => "η̃=" + NumberFormat.Rate(r),
            "lr" when number is double r => "η=" + NumberFormat.Rate(r),
            "momentum" => "μ=" + value,
            "seed" => "s" + value,

            // A budgeted study's rungs: "budget=0.1111111111111111" is "1/9", a last rung that runs on past the target shows nothing.
            "budget" when number is double f and > 0 and < 1 => string.Create(CultureInfo.InvariantCulture, $"1/{Math.Round(1 / f):0}"),
            "stop_at_target" => value == "yes" ? "to target" : "",
            _ => pair,
        };
    }

    [GeneratedRegex(@"\(((?:[a-z_]+=[^\s()]+ ?)+)\)")]
    private static partial Regex Parenthesised();
}
