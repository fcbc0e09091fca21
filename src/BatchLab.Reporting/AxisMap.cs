using BatchLab.Reporting.Plots;
using ScottPlot;
using ScottPlot.TickGenerators;

namespace BatchLab.Reporting;

/// <summary>
/// How one axis of a <see cref="PlotSpec"/> maps values to plot coordinates. ScottPlot axes are
/// linear, so a log axis plots log2/log10 of each value and labels its ticks in the original units
/// (1, 2, 4, ... 1024 for batch sizes). Values a log axis cannot show (zero, negative) become NaN,
/// which every layer draws as a gap.
/// </summary>
internal sealed class AxisMap(Axis axis, bool horizontal, double lengthPixels)
{
    public Axis Axis => axis;

    public double Map(double value) => !double.IsFinite(value) ? double.NaN : axis.Scale switch
    {
        AxisScale.Log2 => value > 0 ? Math.Log2(value) : double.NaN,
        AxisScale.Log10 => value > 0 ? Math.Log10(value) : double.NaN,
        _ => value,
    };

    public double[] Map(IReadOnlyList<double> values) => [.. values.Select(Map)];

    /// <summary>The visible range in plot coordinates: the spec's Min/Max where given, else the autoscaled one.</summary>
    public (double Low, double High) Limits(double autoLow, double autoHigh)
    {
        if (axis.Scale == AxisScale.Log10 && axis.Min is null && axis.Max is null && autoHigh - autoLow < 2)
        {
            // Under two decades: widen to round values (1, 2 or 5 × 10^k), so both ends carry a label.
            (autoLow, autoHigh) = (Math.Log10(RoundDown(Math.Pow(10, autoLow))), Math.Log10(RoundUp(Math.Pow(10, autoHigh))));
        }

        var low = axis.Min is { } min ? Map(min) : autoLow;
        var high = axis.Max is { } max ? Map(max) : autoHigh;
        return double.IsFinite(low) && double.IsFinite(high) && low < high ? (low, high) : (autoLow, autoHigh);
    }

    /// <summary>
    /// Ticks over [low, high] (plot coordinates): on a linear axis ScottPlot's placement with the
    /// report's labels (whole numbers only on an integer axis); on a log axis every power that fits.
    /// </summary>
    public ITickGenerator Ticks(double low, double high)
    {
        // A log axis whose data are all ≤ 0 or non-finite has no limits to tick (e.g. a spectrum of
        // only negative eigenvalues): keep ScottPlot's own ticks rather than fail.
        if (axis.Scale == AxisScale.Linear || !double.IsFinite(low) || !double.IsFinite(high) || high < low)
        {
            return new NumericAutomatic
            {
                LabelFormatter = value => TickText.Of(value, axis),
                IntegerTicksOnly = axis.Integer,
                MinimumTickSpacing = horizontal ? 0 : 24,
            };
        }

        var logBase = axis.Scale == AxisScale.Log2 ? 2 : 10;
        var first = (int)Math.Ceiling(low - 1e-9);
        var last = (int)Math.Floor(high + 1e-9);
        var ticks = new NumericManual();
        if (logBase == 10 ? last - first < 3 : last - first < 1)
        {
            // Few powers in view: label round values between them too (1, 2, 5 × a power of ten).
            foreach (var value in RoundValues(Math.Pow(logBase, low), Math.Pow(logBase, high)))
            {
                ticks.AddMajor(Map(value), TickText.Of(value, axis));
            }

            return ticks;
        }

        // Label every power while the labels fit, else every 2nd, 3rd, ... (aligned so b^0 = 1 keeps its label).
        var step = 0;
        List<int> labelled;
        IReadOnlyList<string> labels;
        do
        {
            step++;
            labelled = [.. Enumerable.Range(first, last - first + 1).Where(k => k % step == 0)];
            labels = axis.Percent ? [.. labelled.Select(k => TickText.Of(Math.Pow(logBase, k), axis))] : LogLabels.For(logBase, labelled);
        }
        while (labelled.Count > 2 && labels.Sum(Footprint) > lengthPixels);
        for (var i = 0; i < labelled.Count; i++)
        {
            ticks.AddMajor(labelled[i], labels[i]);
        }

        for (var k = first - 1; k <= last; k++)
        {
            if (k % step != 0 && k >= low && k <= high)
            {
                ticks.AddMinor(k);
            }

            if (logBase == 10 && step == 1)
            {
                // 2..9 x 10^k: the familiar uneven minor ticks of a decade.
                foreach (var m in Enumerable.Range(2, 8).Select(m => k + Math.Log10(m)).Where(m => m >= low && m <= high))
                {
                    ticks.AddMinor(m);
                }
            }
        }

        return ticks;
    }

    static readonly double[] Round125 = [1, 2, 5];

    static double RoundDown(double value) => Round125Near(value, down: true);

    static double RoundUp(double value) => Round125Near(value, down: false);

    static double Round125Near(double value, bool down)
    {
        if (!(value > 0) || !double.IsFinite(value))
        {
            return value;
        }

        var power = Math.Pow(10, Math.Floor(Math.Log10(value)));
        var steps = Round125.Select(m => m * power).Append(10 * power).ToList();
        return down ? steps.Last(v => v <= value * (1 + 1e-9)) : steps.First(v => v >= value * (1 - 1e-9));
    }

    /// <summary>1, 2 and 5 times powers of ten within [low, high]; the finer 1–9 steps when those are fewer than three.</summary>
    static List<double> RoundValues(double low, double high)
    {
        foreach (var steps in new[] { new[] { 1.0, 2, 5 }, [1.0, 1.5, 2, 3, 4, 5, 6, 7, 8, 9] })
        {
            var values = new List<double>();
            for (var k = (int)Math.Floor(Math.Log10(low)); k <= (int)Math.Ceiling(Math.Log10(high)); k++)
            {
                values.AddRange(steps.Select(m => m * Math.Pow(10, k)).Where(v => v >= low * (1 - 1e-9) && v <= high * (1 + 1e-9)));
            }

            if (values.Count >= 3)
            {
                return values;
            }
        }

        return [low, Math.Sqrt(low * high), high];
    }

    // Pixels a tick label needs along the axis, with room between neighbours (12 px DejaVu Sans).
    double Footprint(string label) => horizontal ? (label.Length * 7.5) + 16 : 28;
}
