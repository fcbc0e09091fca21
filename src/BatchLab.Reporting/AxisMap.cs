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
        var low = axis.Min is { } min ? Map(min) : autoLow;
        var high = axis.Max is { } max ? Map(max) : autoHigh;
        return double.IsFinite(low) && double.IsFinite(high) && low < high ? (low, high) : (autoLow, autoHigh);
    }

    /// <summary>Ticks for a log axis over [low, high] (plot coordinates); null keeps ScottPlot's own ticks.</summary>
    public ITickGenerator? Ticks(double low, double high)
    {
        // A log axis whose data are all ≤ 0 or non-finite has no limits to tick (e.g. a spectrum of
        // only negative eigenvalues): keep ScottPlot's own ticks rather than fail.
        if (axis.Scale == AxisScale.Linear || !double.IsFinite(low) || !double.IsFinite(high) || high < low)
        {
            return null;
        }

        var logBase = axis.Scale == AxisScale.Log2 ? 2 : 10;
        var first = (int)Math.Ceiling(low - 1e-9);
        var last = (int)Math.Floor(high + 1e-9);
        var ticks = new NumericManual();
        if (last - first < 1)
        {
            // Less than two powers in view: label a few values between them instead.
            for (var i = 0; i <= 4; i++)
            {
                var at = low + ((high - low) * i / 4);
                ticks.AddMajor(at, Math.Pow(logBase, at).ToString("G3", System.Globalization.CultureInfo.InvariantCulture));
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
            labels = LogLabels.For(logBase, labelled);
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

    // Pixels a tick label needs along the axis, with room between neighbours (12 px DejaVu Sans).
    double Footprint(string label) => horizontal ? (label.Length * 7.5) + 16 : 28;
}
