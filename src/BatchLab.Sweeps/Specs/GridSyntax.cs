using System.Globalization;
using System.Text.RegularExpressions;
using BatchLab.Training;
using BatchLab.Training.Adaptive;

namespace BatchLab.Sweeps.Specs;

/// <summary>
/// The values of one grid axis as written on the command line. Items are separated by commas
/// and mix freely (<c>1,2,4,...,1024,full</c>):
/// <list type="bullet">
/// <item>a number (<c>0.05</c>, <c>1e-3</c>) or a power (<c>2^-7</c>);</item>
/// <item>a word (<c>full</c>);</item>
/// <item><c>2^-12..2^0</c>: every power of the base from the first exponent to the last, and
/// <c>2^-12..2^0:2</c> every second one;</item>
/// <item><c>a,b,...,z</c>: the progression the terms before <c>...</c> start, continued through
/// <c>z</c>, which it must hit. The terms step by a constant ratio or difference; two terms
/// step by their difference (<c>1,2,...,10</c> is 1 to 10), so write three for a ratio
/// (<c>1,2,4,...,1024</c>).</item>
/// </list>
/// The same value twice is an error, as is anything else; every error is one line.
/// </summary>
public static partial class GridSyntax
{
    /// <summary>More values than this on one axis is surely a typo (and a sweep of years).</summary>
    public const int MaxValues = 10_000;

    /// <summary>The syntax in one sentence, for --help.</summary>
    public const string Summary =
        "comma list (1,2,4,full); 2^-12..2^0 = every power of two in that range, 2^-12..2^0:2 every second one; 1,2,4,...,1024 continues the progression (ratio or difference of the first terms) to the last term";

    /// <summary>Expands <paramref name="text"/>; <paramref name="where"/> names it in errors (e.g. "--batch").</summary>
    public static IReadOnlyList<GridValue> Parse(string text, string where)
    {
        BatchLabException Bad(string problem) => new($"{where} '{text}': {problem}");
        var items = JoinAdaptive(text.Split(',', StringSplitOptions.TrimEntries));
        if (text.Trim().Length == 0)
        {
            throw Bad("no values given");
        }

        var values = new List<GridValue>();

        // Plain numbers written since the last word, range or progression: the terms a '...' continues.
        var run = new List<double>();
        for (var i = 0; i < items.Length; i++)
        {
            var item = items[i];
            if (item.Length == 0)
            {
                throw Bad("an empty item (two commas in a row, or a comma at an end)");
            }

            if (item is "..." or "…")
            {
                if (i + 1 == items.Length || !TryNumber(items[i + 1], out var last))
                {
                    throw Bad("'...' needs the last term after it, as a number: e.g. 1,2,4,...,1024");
                }

                values.AddRange(Progression.Continue(run, last, problem => Bad(problem)).Select(GridValue.Of));
                run.Clear();
                i++;
            }
            else if (item.Contains("..", StringComparison.Ordinal))
            {
                values.AddRange(PowerRange(item, Bad).Select(GridValue.Of));
                run.Clear();
            }
            else if (TryNumber(item, out var number))
            {
                values.Add(GridValue.Of(number));
                run.Add(number);
            }
            else if (WordPattern().IsMatch(item))
            {
                values.Add(GridValue.Of(item));
                run.Clear();
            }
            else
            {
                throw Bad($"'{item}' is not a number, a power like 2^-3, a range like 2^-12..2^0:2, '...' or a word like full");
            }

            if (values.Count > MaxValues)
            {
                throw Bad($"expands to more than {MaxValues:N0} values");
            }
        }

        if (values.GroupBy(v => v).FirstOrDefault(g => g.Count() > 1) is { } twice)
        {
            throw Bad($"{twice.Key} appears twice");
        }

        return values;
    }

    /// <summary>
    /// An adaptive batch value (<c>adaptive:policy=goodput,min=32</c>) and a rate decay
    /// (<c>decay:b=32,factor=2</c>) carry their own comma-separated options: the key=value items
    /// after them belong to them.
    /// </summary>
    static string[] JoinAdaptive(string[] items)
    {
        static bool HasOptions(string item) => AdaptiveBatchSyntax.IsAdaptive(item) || RateDecay.IsDecay(item);
        var joined = new List<string>();
        foreach (var item in items)
        {
            if (joined.Count > 0 && item.Contains('=', StringComparison.Ordinal) && !HasOptions(item) && HasOptions(joined[^1]))
            {
                joined[^1] += "," + item;
            }
            else
            {
                joined.Add(item);
            }
        }

        return [.. joined];
    }

    /// <summary>A plain finite number (<c>0.05</c>, <c>1e-3</c>) or a power (<c>2^-7</c>, <c>10^-3</c>).</summary>
    static bool TryNumber(string item, out double value)
    {
        if (item.Split('^') is [var b, var e] && TryPlain(b, out var @base) && TryPlain(e, out var exponent))
        {
            value = Power(@base, exponent);
            return double.IsFinite(value);
        }

        return TryPlain(item, out value);
    }

    static bool TryPlain(string text, out double value) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);

    /// <summary>base^exponent, exact for powers of two and correctly rounded for powers of ten.</summary>
    static double Power(double @base, double exponent)
    {
        if (exponent == Math.Floor(exponent) && Math.Abs(exponent) < 4096)
        {
            if (@base == 2)
            {
                return Math.ScaleB(1.0, (int)exponent);
            }

            if (@base == 10)
            {
                return double.Parse($"1e{(int)exponent}", CultureInfo.InvariantCulture);
            }
        }

        return Math.Pow(@base, exponent);
    }

    /// <summary>Expands <c>b^m..b^n[:k]</c>: b^m, b^(m±k), ... up to b^n (in the direction of n).</summary>
    static IEnumerable<double> PowerRange(string item, Func<string, BatchLabException> bad)
    {
        var m = RangePattern().Match(item);
        if (!m.Success || !TryPlain(m.Groups["b1"].Value, out var b1) || !TryPlain(m.Groups["b2"].Value, out var b2))
        {
            throw bad($"'{item}' is not a range of powers like 2^-12..2^0 or 2^-12..2^0:2 (every second power)");
        }

        if (b1 != b2 || !(b1 > 0) || b1 == 1)
        {
            throw bad($"'{item}': both ends need the same base, positive and not 1 (e.g. 2^-12..2^0 or 10^-4..10^-1)");
        }

        var from = int.Parse(m.Groups["from"].Value, CultureInfo.InvariantCulture);
        var to = int.Parse(m.Groups["to"].Value, CultureInfo.InvariantCulture);
        var step = m.Groups["step"].Success ? int.Parse(m.Groups["step"].Value, CultureInfo.InvariantCulture) : 1;
        if (step < 1 || Math.Abs((long)to - from) / step >= MaxValues)
        {
            throw bad($"'{item}': the step after ':' must be a whole number ≥ 1 leaving at most {MaxValues:N0} values");
        }

        var direction = Math.Sign(to - from);
        for (var e = from; direction >= 0 ? e <= to : e >= to; e += direction == 0 ? 1 : direction * step)
        {
            yield return Power(b1, e);
        }
    }

    [GeneratedRegex(@"^[a-zA-Z][a-zA-Z0-9_:=*.,/-]*$")]
    private static partial Regex WordPattern();

    [GeneratedRegex(@"^(?<b1>[0-9.]+)\^(?<from>[+-]?[0-9]{1,5})\.\.(?<b2>[0-9.]+)\^(?<to>[+-]?[0-9]{1,5})(?::(?<step>[0-9]{1,5}))?$")]
    private static partial Regex RangePattern();
}
