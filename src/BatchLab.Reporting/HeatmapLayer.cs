using BatchLab.Text;
using ScottPlot;
using ScottPlot.TickGenerators;
using SpecHeatmap = BatchLab.Reporting.Plots.Heatmap;

namespace BatchLab.Reporting;

/// <summary>
/// Draws a <see cref="SpecHeatmap"/>: cell (row r, column c) is centred at plot coordinates (c, r),
/// so row 0 is at the bottom like the low end of a numeric axis. Missing (non-finite) cells are
/// grey and striped; flagged cells carry a red ✕ outlined in white, readable on every colour of
/// the map. Both are drawn in plot coordinates, so they scale with the cells at any image size.
/// </summary>
internal static class HeatmapLayer
{
    static readonly Color MissingColor = Color.FromHex("#E6E6E6");
    static readonly Color StripeColor = Color.FromHex("#9A9A9A");
    static readonly Color FlagColor = Color.FromHex("#D62728");

    /// <param name="width">Image width in pixels: long category labels are slanted when they would not fit.</param>
    public static void Add(Plot plot, SpecHeatmap spec, int width)
    {
        var (rows, columns) = (spec.YLabels.Count, spec.XLabels.Count);
        var intensities = new double[rows, columns];
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < columns; c++)
            {
                // ScottPlot's first row is the top one; ours is the bottom one.
                var value = spec.Values[r][c];
                intensities[rows - 1 - r, c] = double.IsFinite(value) && (!spec.LogColor || value > 0) ? Colour(spec, value) : double.NaN;
            }
        }

        // ScottPlot's default placement puts cell centres on integer coordinates, as wanted. Cells are
        // drawn as rectangles, not one scaled bitmap, so SVG viewers cannot blur them together.
        var map = plot.Add.Heatmap(intensities);
        map.RenderStrategy = new ScottPlot.Plottables.Heatmap.RenderStrategies.Rectangles();
        map.Colormap = new ScottPlot.Colormaps.Viridis();
        map.NaNCellColor = MissingColor;
        var bar = plot.Add.ColorBar(map);
        bar.Label = spec.LogColor ? spec.ColorLabel + " (log scale)" : spec.ColorLabel;
        var percent = spec.ColorLabel.Contains("error", StringComparison.OrdinalIgnoreCase);
        var colourAxis = new Plots.Axis(spec.ColorLabel) { Percent = percent };
        bar.Axis.TickGenerator = spec.LogColor
            ? LogTicks(intensities, colourAxis)
            : new NumericAutomatic { LabelFormatter = value => TickText.Of(value, colourAxis), MinimumTickSpacing = 40 };
        bar.LabelStyle.FontName = EmbeddedFonts.Family;

        var flagged = new HashSet<(int, int)>(spec.Flagged ?? []);
        var missing = Cells(rows, columns).Where(cell => !double.IsFinite(spec.Values[cell.Row][cell.Column]) && !flagged.Contains(cell)).ToList();
        foreach (var (r, c) in missing)
        {
            AddStripes(plot, c, r);
        }

        foreach (var (r, c) in flagged)
        {
            AddCross(plot, c, r, Colors.White, 5);
            AddCross(plot, c, r, FlagColor, 2.5f);
        }

        // After the crosses, so a flagged cell's value is read on top of its mark.
        AddValues(plot, spec, intensities, percent, flagged);

        plot.Axes.Bottom.TickGenerator = CategoryTicks(spec.XLabels);
        plot.Axes.Left.TickGenerator = CategoryTicks(spec.YLabels);
        plot.Axes.SetLimits(-0.5, columns - 0.5, -0.5, rows - 0.5);
        if (spec.XLabels.Sum(label => label.Length + 1) * 8 > width * 0.7)
        {
            // Long category labels would run into each other: slant them, and make room below for
            // them and the axis title (ScottPlot sizes the axis for unrotated labels).
            plot.Axes.Bottom.TickLabelStyle.Rotation = -45;
            plot.Axes.Bottom.TickLabelStyle.Alignment = Alignment.MiddleRight;
            plot.Axes.Bottom.MinimumSize = (float)((spec.XLabels.Max(label => label.Length) * 7 * Math.Sqrt(0.5)) + 40);
        }

        var legend = new List<LegendItem>();
        if (missing.Count > 0)
        {
            legend.Add(new LegendItem { LabelText = "no result", FillColor = MissingColor, OutlineColor = StripeColor, OutlineWidth = 1 });
        }

        if (flagged.Count > 0)
        {
            legend.Add(new LegendItem { LabelText = spec.FlaggedLabel, MarkerShape = MarkerShape.Eks, MarkerLineColor = FlagColor, MarkerSize = 12, MarkerLineWidth = 2.5f });
        }

        if (legend.Count > 0)
        {
            // Below the figure, where it covers no cell.
            plot.Legend.ManualItems.AddRange(legend);
            plot.ShowLegend(Edge.Bottom);
        }
    }

    /// <summary>The number a cell's colour stands for: the value, or its base-10 logarithm on a log scale.</summary>
    static double Colour(SpecHeatmap spec, double value) => spec.LogColor ? Math.Log10(value) : value;

    /// <summary>
    /// Each cell's value printed in it (two significant digits: "2.7%", "88%"), dark on the light
    /// end of the colour map and white on the dark end, so the map is read without hovering.
    /// </summary>
    static void AddValues(Plot plot, SpecHeatmap spec, double[,] intensities, bool percent, HashSet<(int, int)> flagged)
    {
        var finite = intensities.Cast<double>().Where(double.IsFinite).ToList();
        if (finite.Count == 0)
        {
            return;
        }

        var (low, high) = (finite.Min(), finite.Max());
        for (var r = 0; r < spec.YLabels.Count; r++)
        {
            for (var c = 0; c < spec.XLabels.Count; c++)
            {
                var value = spec.Values[r][c];
                var shade = intensities[spec.YLabels.Count - 1 - r, c];
                if (!double.IsFinite(value) || !double.IsFinite(shade))
                {
                    continue;
                }

                var text = plot.Add.Text(percent ? NumberFormat.Percent(value * 100 >= 10 ? 0 : 1).Format(value) : NumberFormat.Significant(2).Format(value), c, r);
                text.LabelFontName = EmbeddedFonts.Family;
                text.LabelFontSize = 11;
                text.LabelBold = true;
                text.LabelAlignment = Alignment.MiddleCenter;
                // Viridis is dark below about 60% of its range and light above; a flagged cell's value sits on a white box over its cross.
                text.LabelFontColor = flagged.Contains((r, c)) || (high > low && (shade - low) / (high - low) > 0.6) ? Colors.Black : Colors.White;
                if (flagged.Contains((r, c)))
                {
                    text.LabelBackgroundColor = Colors.White;
                }
            }
        }
    }

    /// <summary>Colour-bar ticks at 1, 2 and 5 × 10^k inside the range of the logarithms, labelled with the values.</summary>
    static NumericManual LogTicks(double[,] logs, Plots.Axis axis)
    {
        var ticks = new NumericManual();
        var finite = logs.Cast<double>().Where(double.IsFinite).ToList();
        if (finite.Count == 0)
        {
            return ticks;
        }

        var (low, high) = (finite.Min(), finite.Max());
        for (var k = (int)Math.Floor(low) - 1; k <= (int)Math.Ceiling(high); k++)
        {
            foreach (var m in new[] { 1.0, 2.0, 5.0 })
            {
                var value = m * Math.Pow(10, k);
                var at = Math.Log10(value);
                if (at >= low - 1e-9 && at <= high + 1e-9)
                {
                    ticks.AddMajor(at, TickText.Of(value, axis));
                }
            }
        }

        return ticks;
    }

    /// <summary>Three diagonal stripes across a cell, as lines (ScottPlot's hatch fills do not survive SVG export).</summary>
    static void AddStripes(Plot plot, double x, double y)
    {
        foreach (var d in new[] { -0.5, 0, 0.5 })
        {
            var line = plot.Add.Line(x - 0.5 + Math.Max(d, 0), y - 0.5 - Math.Min(d, 0), x + 0.5 + Math.Min(d, 0), y + 0.5 - Math.Max(d, 0));
            line.Color = StripeColor;
            line.LineWidth = 1.5f;
        }
    }

    static IEnumerable<(int Row, int Column)> Cells(int rows, int columns) =>
        Enumerable.Range(0, rows).SelectMany(r => Enumerable.Range(0, columns).Select(c => (r, c)));

    static void AddCross(Plot plot, double x, double y, Color color, float width)
    {
        const double Half = 0.28;
        foreach (var direction in new[] { 1, -1 })
        {
            var line = plot.Add.Line(x - Half, y - (direction * Half), x + Half, y + (direction * Half));
            line.Color = color;
            line.LineWidth = width;
        }
    }

    static NumericManual CategoryTicks(IReadOnlyList<string> labels)
    {
        var ticks = new NumericManual();
        for (var i = 0; i < labels.Count; i++)
        {
            ticks.AddMajor(i, labels[i]);
        }

        return ticks;
    }
}
