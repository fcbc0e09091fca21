namespace BatchLab.Reporting.Plots;

/// <summary>How an axis maps values to positions.</summary>
public enum AxisScale
{
    Linear,
    Log2,
    Log10,
}

/// <summary>How a series is drawn.</summary>
public enum SeriesStyle
{
    Line,
    Markers,
    LineAndMarkers,
    Dashed,
}

/// <summary>
/// One axis. <see cref="Integer"/> puts ticks on whole numbers only (a rank, a layer index);
/// <see cref="Percent"/> labels fractions as percentages (0.025 → "2.5%").
/// </summary>
public sealed record Axis(string Label, AxisScale Scale = AxisScale.Linear, double? Min = null, double? Max = null)
{
    public bool Integer { get; init; }

    public bool Percent { get; init; }
}

/// <summary>
/// One series of points. <see cref="Low"/>/<see cref="High"/>, when present, give a band or error
/// bars (same length as <see cref="X"/>). Non-finite Y values are gaps, not zeros.
/// </summary>
public sealed record Series(
    string Name,
    IReadOnlyList<double> X,
    IReadOnlyList<double> Y,
    SeriesStyle Style = SeriesStyle.LineAndMarkers,
    IReadOnlyList<double>? Low = null,
    IReadOnlyList<double>? High = null);

/// <summary>A labelled vertical line, e.g. the throughput knee or B_crit.</summary>
public sealed record Marker(double X, string Label);

/// <summary>
/// A grid of values (rows = Y labels, columns = X labels); NaN cells are drawn as "missing" and
/// cells listed in <see cref="Flagged"/> (e.g. diverged runs) are marked, with
/// <see cref="FlaggedLabel"/> saying in the legend what the mark means. <see cref="LogColor"/>
/// colours by the logarithm of the values (errors from 2% to 90% on one map: a linear scale makes
/// every usable cell the same colour); each cell's value is printed in it.
/// </summary>
public sealed record Heatmap(
    IReadOnlyList<string> XLabels,
    IReadOnlyList<string> YLabels,
    IReadOnlyList<IReadOnlyList<double>> Values,
    string ColorLabel,
    IReadOnlyList<(int Row, int Column)>? Flagged = null,
    string FlaggedLabel = "flagged",
    bool LogColor = false);

/// <summary>
/// Everything needed to draw one figure, computed by the library from results and drawn by
/// BatchLab.Reporting (PNG and SVG). Keeping the data apart from the drawing lets tests check
/// what a plot shows without rendering it.
/// </summary>
public sealed record PlotSpec(
    string Id,
    string Title,
    Axis X,
    Axis Y,
    IReadOnlyList<Series> Series,
    IReadOnlyList<Marker>? Markers = null,
    Heatmap? Heatmap = null);
