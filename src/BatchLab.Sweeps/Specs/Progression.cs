using System.Globalization;

namespace BatchLab.Sweeps.Specs;

/// <summary>
/// Continues the progression <c>a, b, ..., z</c> of <see cref="GridSyntax"/>: geometric when the
/// given terms have a constant ratio (three terms or more), arithmetic when they have a constant
/// difference (always so for two terms).
/// </summary>
static class Progression
{
    // Terms written in decimal (0.1, 0.3) are not exact in binary; steps agree to this relative tolerance.
    const double Tolerance = 1e-9;

    /// <summary>The terms after the last of <paramref name="terms"/>, through <paramref name="last"/>.</summary>
    public static IReadOnlyList<double> Continue(IReadOnlyList<double> terms, double last, Func<string, BatchLabException> bad)
    {
        if (terms.Count < 2)
        {
            throw bad("'...' needs at least two numbers before it to show the step, e.g. 1,2,4,...,1024 or 10,20,...,100");
        }

        var written = string.Join(",", terms.Select(t => t.ToString("R", CultureInfo.InvariantCulture)));
        var pairs = terms.Zip(terms.Skip(1)).ToList();
        var difference = terms[1] - terms[0];
        var ratio = terms[1] / terms[0];
        if (pairs.All(p => Close(p.Second - p.First, difference)))
        {
            return difference == 0
                ? throw bad($"the terms {written} before '...' do not change")
                : Steps(terms[^1], last, (last - terms[^1]) / difference, j => Snap(terms[^1] + (j * difference)), $"in steps of {difference:R}", bad);
        }

        if (terms.All(t => t != 0) && pairs.All(p => Close(p.Second / p.First, ratio)))
        {
            if (!(ratio > 0))
            {
                throw bad($"the terms {written} before '...' alternate in sign; a progression here needs a positive ratio");
            }

            var exactBinary = Math.ScaleB(1.0, Math.ILogB(ratio)) == ratio;
            double Term(long j) => exactBinary ? Math.ScaleB(terms[^1], (int)(j * Math.ILogB(ratio))) : Snap(terms[^1] * Math.Pow(ratio, j));
            return Steps(terms[^1], last, Math.Log(last / terms[^1]) / Math.Log(ratio), Term, $"by a factor of {ratio:R}", bad);
        }

        throw bad($"the terms {written} before '...' change by neither a constant ratio nor a constant difference");
    }

    static IReadOnlyList<double> Steps(double from, double last, double count, Func<long, double> term, string how, Func<string, BatchLabException> bad)
    {
        var n = Math.Round(count);
        if (!double.IsFinite(count) || n < 1 || Math.Abs(count - n) > Tolerance * Math.Max(1, Math.Abs(count)))
        {
            throw bad($"{last:R} is not reached from {from:R} {how}");
        }

        if (n > GridSyntax.MaxValues)
        {
            throw bad($"expands to more than {GridSyntax.MaxValues:N0} values");
        }

        var values = new List<double>();
        for (long j = 1; j < n; j++)
        {
            values.Add(term(j));
        }

        // The last term as written, not as computed.
        values.Add(last);
        return values;
    }

    static bool Close(double a, double b) => Math.Abs(a - b) <= Tolerance * Math.Max(Math.Abs(a), Math.Abs(b));

    /// <summary>0.1 + 2·0.1 is 0.30000000000000004; the user meant 0.3. 15 digits is what a double holds.</summary>
    static double Snap(double x) => double.Parse(x.ToString("G15", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
}
