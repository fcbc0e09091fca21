using BatchLab.Reporting.Plots;
using BatchLab.Text;
using ScottPlot;

namespace BatchLab.Reporting;

/// <summary>
/// Where a rendered plot's points and heatmap cells are, in image pixels, with their values in
/// words ("test error 2.55% at batch size B = 32"), so the page can answer a hover with the exact
/// number. Computed from the last render's data area, so it matches the drawing at any size.
/// </summary>
internal static class HoverAreas
{
    const double PointBox = 14;
    const int MostAreas = 600;

    public static IReadOnlyList<HoverArea> Of(Plot plot, PlotSpec spec)
    {
        var areas = spec.Heatmap is { } heatmap ? Cells(plot, heatmap, spec) : Points(plot, spec);
        return areas.Take(MostAreas).ToList();
    }

    static IEnumerable<HoverArea> Points(Plot plot, PlotSpec spec)
    {
        var x = new AxisMap(spec.X, horizontal: true, 0);
        var y = new AxisMap(spec.Y, horizontal: false, 0);
        var frame = plot.LastRender.DataRect;
        foreach (var series in spec.Series)
        {
            for (var i = 0; i < series.X.Count; i++)
            {
                var (px, py) = (x.Map(series.X[i]), y.Map(series.Y[i]));
                if (!double.IsFinite(px) || !double.IsFinite(py))
                {
                    continue;
                }

                var pixel = plot.GetPixel(new Coordinates(px, py));
                if (pixel.X < frame.Left - 1 || pixel.X > frame.Right + 1 || pixel.Y < frame.Top - 1 || pixel.Y > frame.Bottom + 1)
                {
                    continue;
                }

                var range = series.Low is { } low && series.High is { } high ? $" (range {Value(low[i], spec.Y)} to {Value(high[i], spec.Y)})" : "";
                var text = $"{series.Name}: {spec.Y.Label} {Value(series.Y[i], spec.Y)}{range} at {spec.X.Label} {Value(series.X[i], spec.X)}";
                yield return new HoverArea(pixel.X - (PointBox / 2), pixel.Y - (PointBox / 2), PointBox, PointBox, text);
            }
        }
    }

    static IEnumerable<HoverArea> Cells(Plot plot, Heatmap heatmap, PlotSpec spec)
    {
        var percent = heatmap.ColorLabel.Contains("error", StringComparison.OrdinalIgnoreCase);
        var flagged = new HashSet<(int, int)>(heatmap.Flagged ?? []);
        for (var r = 0; r < heatmap.YLabels.Count; r++)
        {
            for (var c = 0; c < heatmap.XLabels.Count; c++)
            {
                var corner = plot.GetPixel(new Coordinates(c - 0.5, r + 0.5));
                var opposite = plot.GetPixel(new Coordinates(c + 0.5, r - 0.5));
                var v = heatmap.Values[r][c];
                var value = !double.IsFinite(v) ? "no result" : percent ? NumberFormat.Percent(2).Format(v) : NumberFormat.General.Format(v);
                var flag = flagged.Contains((r, c)) ? $" ({heatmap.FlaggedLabel})" : "";
                yield return new HoverArea(corner.X, corner.Y, opposite.X - corner.X, opposite.Y - corner.Y,
                    $"{spec.X.Label} {heatmap.XLabels[c]}, {spec.Y.Label} {heatmap.YLabels[r]}: {heatmap.ColorLabel} {value}{flag}");
            }
        }
    }

    static string Value(double value, Axis axis) =>
        !double.IsFinite(value) ? "—" : axis.Percent ? NumberFormat.Percent(2).Format(value) : NumberFormat.Significant(4).Format(value);
}
