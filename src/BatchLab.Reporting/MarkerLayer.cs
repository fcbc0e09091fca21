using ScottPlot;
using SpecMarker = BatchLab.Reporting.Plots.Marker;

namespace BatchLab.Reporting;

/// <summary>
/// Dashed vertical lines with their labels just inside the top of the data area (not above it,
/// where they would collide with the title). Labels of markers closer than a label's width are
/// stacked so they never overlap; one near the right edge is set to the left of its line.
/// </summary>
internal static class MarkerLayer
{
    const float FontSize = 12;
    const double LabelRowPixels = 20;

    public static void AddLines(Plot plot, IReadOnlyList<SpecMarker> markers, AxisMap x)
    {
        foreach (var marker in markers)
        {
            plot.Add.VerticalLine(x.Map(marker.X), 1.5f, Colors.DimGray, LinePattern.Dashed);
        }
    }

    /// <summary>Labels, once the axis limits are final (plot coordinates) and the data width in pixels is known.</summary>
    public static void AddLabels(Plot plot, IReadOnlyList<SpecMarker> markers, AxisMap x, AxisLimits limits, double widthPixels)
    {
        var placed = markers.Select(m => (At: x.Map(m.X), m.Label)).Where(m => double.IsFinite(m.At)).OrderBy(m => m.At);
        var rowEnds = new List<double>();
        foreach (var (at, label) in placed)
        {
            var start = (at - limits.Left) / limits.HorizontalSpan * widthPixels;
            var width = (label.Length * 7.5) + 12;
            var leftOfLine = start + width > widthPixels;
            var (from, to) = leftOfLine ? (start - width, start) : (start, start + width);
            var row = rowEnds.FindIndex(end => end < from);
            if (row < 0)
            {
                rowEnds.Add(to);
                row = rowEnds.Count - 1;
            }

            rowEnds[row] = to;
            var text = plot.Add.Text(label, at, limits.Top);
            text.LabelFontName = EmbeddedFonts.Family;
            text.LabelFontSize = FontSize;
            text.LabelFontColor = Colors.Black;
            text.LabelBackgroundColor = Colors.White.WithAlpha(0.85);
            text.LabelPadding = 2;
            text.LabelAlignment = leftOfLine ? Alignment.UpperRight : Alignment.UpperLeft;
            text.OffsetX = leftOfLine ? -4 : 4;
            text.OffsetY = (float)(4 + (row * LabelRowPixels));
        }
    }
}
