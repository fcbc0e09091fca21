using BatchLab.Reporting.Plots;
using ScottPlot;

namespace BatchLab.Reporting;

/// <summary>Turns a <see cref="PlotSpec"/> into a ScottPlot <see cref="Plot"/> ready to render.</summary>
internal static class PlotBuilder
{
    // Approximate room the axes, title and labels take from the image (both ways), for label spacing.
    const double AxesPixels = 120;

    public static Plot Build(PlotSpec spec, int width = PlotRenderer.DefaultWidth, int height = PlotRenderer.DefaultHeight)
    {
        PlotSpecCheck.Validate(spec);
        EmbeddedFonts.Register();
        var plot = new Plot();
        if (spec.Heatmap is { } heatmap)
        {
            HeatmapLayer.Add(plot, heatmap, width);
        }
        else
        {
            AddSeries(plot, spec, width - AxesPixels, height - AxesPixels);
        }

        if (spec.Title.Length > 0)
        {
            plot.Title(Wrap(spec.Title, width));
        }
        else
        {
            // No title (the page's caption says it): a little air above the frame instead.
            plot.Axes.Top.MinimumSize = 12;
        }

        // Room for the last tick label, which is centred on the frame's right edge.
        plot.Axes.Right.MinimumSize = spec.Heatmap is null ? 28 : plot.Axes.Right.MinimumSize;
        plot.XLabel(spec.X.Label);
        plot.YLabel(spec.Y.Label);
        plot.Font.Set(EmbeddedFonts.Family);
        // ScottPlot would otherwise swap in a system font it thinks fits the legend text better.
        plot.Legend.SetBestFontOnEachRender = false;
        return plot;
    }

    /// <summary>
    /// A title in lines that fit the image: about 9 px per character of the title's font, broken at
    /// spaces; a title longer than the width would be cut off at both ends.
    /// </summary>
    internal static string Wrap(string title, int width, int pixelsPerCharacter = 9)
    {
        var most = Math.Max(20, (width - 24) / pixelsPerCharacter);
        var lines = new List<string>();
        var line = "";
        foreach (var word in title.Split(' '))
        {
            if (line.Length > 0 && line.Length + 1 + word.Length > most)
            {
                lines.Add(line);
                line = word;
            }
            else
            {
                line = line.Length == 0 ? word : line + " " + word;
            }
        }

        lines.Add(line);
        return string.Join('\n', lines);
    }

    static void AddSeries(Plot plot, PlotSpec spec, double dataWidth, double dataHeight)
    {
        var x = new AxisMap(spec.X, horizontal: true, dataWidth);
        var y = new AxisMap(spec.Y, horizontal: false, dataHeight);
        var palette = new ScottPlot.Palettes.Category10();
        // Markers-only series are drawn first: ScottPlot shares one paint between plottables, and
        // markers drawn right after a dashed line would inherit its dash pattern, which Skia's SVG
        // export cannot apply to a circle and reports on stderr.
        var legend = new LegendItem[spec.Series.Count];
        foreach (var i in Enumerable.Range(0, spec.Series.Count).OrderBy(i => spec.Series[i].Style != SeriesStyle.Markers))
        {
            legend[i] = SeriesLayer.Add(plot, spec.Series[i], palette.GetColor(i), x, y);
            // A legend entry wider than the image would be cut off: break it into lines (12 px text, ~7 px a character).
            legend[i].LabelText = Wrap(legend[i].LabelText, (int)(dataWidth + AxesPixels) - 60, 7);
        }

        if (!spec.Series.Any(series => series.Y.Select(y.Map).Any(double.IsFinite)))
        {
            // Say so, rather than leave an empty frame that looks like a drawing bug.
            var note = plot.Add.Annotation("no finite values to plot", Alignment.MiddleCenter).LabelStyle;
            (note.FontName, note.FontSize) = (EmbeddedFonts.Family, 14);
            (note.BackgroundColor, note.BorderColor, note.ShadowColor) = (Colors.White, Colors.Gray, Colors.Transparent);
        }

        var markers = spec.Markers ?? [];
        MarkerLayer.AddLines(plot, markers, x);
        plot.Axes.AutoScale();
        var auto = plot.Axes.GetLimits();
        var (left, right) = x.Limits(auto.Left, auto.Right);
        var (bottom, top) = y.Limits(auto.Bottom, auto.Top);
        plot.Axes.SetLimits(left, right, bottom, top);
        MarkerLayer.AddLabels(plot, markers, x, plot.Axes.GetLimits(), dataWidth);
        plot.Axes.Bottom.TickGenerator = x.Ticks(left, right);
        plot.Axes.Left.TickGenerator = y.Ticks(bottom, top);

        if (legend.Length > 1)
        {
            // Below the figure: it never hides data, whatever the curves look like.
            plot.Legend.ManualItems.AddRange(legend);
            plot.ShowLegend(Edge.Bottom);
        }
    }
}
