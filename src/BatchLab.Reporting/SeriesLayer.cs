using BatchLab.Reporting.Plots;
using ScottPlot;

namespace BatchLab.Reporting;

/// <summary>
/// Draws one <see cref="Series"/>. Non-finite values (and values a log axis cannot show) are NaN,
/// which ScottPlot draws as a break in the line, never as zero. Low/High become a shaded band for
/// line styles and error bars for marker styles, where single points are what is being read.
/// </summary>
internal static class SeriesLayer
{
    const float LineWidth = 2;
    const float MarkerSize = 7;

    /// <returns>The series' legend entry.</returns>
    public static LegendItem Add(Plot plot, Series series, Color color, AxisMap x, AxisMap y)
    {
        var xs = x.Map(series.X);
        var ys = y.Map(series.Y);
        var markers = series.Style is SeriesStyle.Markers or SeriesStyle.LineAndMarkers;
        if (series.Low is { } low && series.High is { } high)
        {
            if (markers)
            {
                AddErrorBars(plot, xs, ys, y.Map(low), y.Map(high), color);
            }
            else
            {
                AddBand(plot, xs, y.Map(low), y.Map(high), color);
            }
        }

        var scatter = plot.Add.Scatter(xs, ys, color);
        scatter.LineWidth = series.Style == SeriesStyle.Markers ? 0 : LineWidth;
        scatter.MarkerSize = markers ? MarkerSize : 0;
        scatter.LinePattern = series.Style == SeriesStyle.Dashed ? LinePattern.Dashed : LinePattern.Solid;
        return new LegendItem
        {
            LabelText = series.Name,
            LabelFontName = EmbeddedFonts.Family,
            LineColor = color,
            LineWidth = scatter.LineWidth,
            LinePattern = scatter.LinePattern,
            MarkerShape = markers ? MarkerShape.FilledCircle : MarkerShape.None,
            MarkerSize = MarkerSize,
            MarkerFillColor = color,
            MarkerLineColor = color,
        };
    }

    static void AddErrorBars(Plot plot, double[] xs, double[] ys, double[] lows, double[] highs, Color color)
    {
        var shown = Enumerable.Range(0, xs.Length)
            .Where(i => double.IsFinite(xs[i]) && double.IsFinite(ys[i]) && double.IsFinite(lows[i]) && double.IsFinite(highs[i]))
            .ToList();
        if (shown.Count == 0)
        {
            return;
        }

        var bars = plot.Add.ErrorBar(
            [.. shown.Select(i => xs[i])],
            [.. shown.Select(i => ys[i])],
            [.. shown.Select(i => ys[i] - lows[i])]);
        bars.YErrorPositive = [.. shown.Select(i => highs[i] - ys[i])];
        bars.Color = color;
        bars.LineWidth = 1.5f;
    }

    /// <summary>One filled polygon per run of finite points, so a gap in the data is a gap in the band.</summary>
    static void AddBand(Plot plot, double[] xs, double[] lows, double[] highs, Color color)
    {
        var run = new List<(double X, double Low, double High)>();
        for (var i = 0; i <= xs.Length; i++)
        {
            if (i < xs.Length && double.IsFinite(xs[i]) && double.IsFinite(lows[i]) && double.IsFinite(highs[i]))
            {
                run.Add((xs[i], lows[i], highs[i]));
                continue;
            }

            if (run.Count >= 2)
            {
                var band = plot.Add.FillY(run);
                band.FillColor = color.WithAlpha(0.2);
                band.LineWidth = 0;
            }

            run = [];
        }
    }
}
