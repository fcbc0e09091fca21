using BatchLab.Reporting.Plots;

namespace BatchLab.Reporting;

/// <summary>
/// Rejects a malformed <see cref="PlotSpec"/> before drawing. Specs are built by the library, not
/// typed by users, so a failure here is a bug in the code that built it and names the figure.
/// </summary>
internal static class PlotSpecCheck
{
    public static void Validate(PlotSpec spec)
    {
        ArtifactNames.Check(spec.Id);
        if (spec.Heatmap is { } heatmap)
        {
            Require(spec.Series.Count == 0, spec, "has both series and a heatmap; draw them as two figures");
            Check(spec, heatmap);
        }

        foreach (var series in spec.Series)
        {
            Require(series.X.Count == series.Y.Count, spec, $"series '{series.Name}' has {series.X.Count} x values but {series.Y.Count} y values");
            Require((series.Low is null) == (series.High is null), spec, $"series '{series.Name}' has only one of Low/High");
            Require(series.Low is null || (series.Low.Count == series.X.Count && series.High!.Count == series.X.Count), spec, $"series '{series.Name}' has Low/High of a different length than X");
        }
    }

    static void Check(PlotSpec spec, Heatmap heatmap)
    {
        var (rows, columns) = (heatmap.YLabels.Count, heatmap.XLabels.Count);
        Require(rows > 0 && columns > 0, spec, "heatmap has no rows or no columns");
        Require(heatmap.Values.Count == rows && heatmap.Values.All(row => row.Count == columns), spec, $"heatmap values are not {rows} rows x {columns} columns like its labels");
        foreach (var (row, column) in heatmap.Flagged ?? [])
        {
            Require(row >= 0 && row < rows && column >= 0 && column < columns, spec, $"flagged cell ({row}, {column}) is outside the {rows} x {columns} heatmap");
        }
    }

    static void Require(bool condition, PlotSpec spec, string problem)
    {
        if (!condition)
        {
            throw new ArgumentException($"plot '{spec.Id}' {problem}", nameof(spec));
        }
    }
}
