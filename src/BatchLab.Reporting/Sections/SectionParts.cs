using BatchLab.Reporting.Artifacts;
using BatchLab.Reporting.Document;

namespace BatchLab.Reporting.Sections;

/// <summary>
/// Turns a diagnostic's or analysis's artifacts into report figures and tables. Ids get a prefix,
/// because one report can hold the same diagnostic twice (sharpness of two solutions) and every
/// id names a file.
/// </summary>
public static class SectionParts
{
    public static IEnumerable<ReportFigure> Figures(object? result, string prefix = "") =>
        ResultArtifacts.Any(result)?.Plots.Select(p => new ReportFigure(p with { Id = prefix + p.Id }, p.Title)) ?? [];

    /// <summary>Tables longer than this are raw measurements: CSV only, named and linked on the page.</summary>
    public const int MostRowsOnPage = 24;

    /// <param name="of">Whose table it is, when one section shows the same diagnostic twice ("at initialisation"): captions never repeat.</param>
    public static IEnumerable<ReportTable> Tables(object? result, string prefix = "", string? of = null) =>
        ResultArtifacts.Any(result)?.Tables.Select(t => new ReportTable(t with { Id = prefix + t.Id }, Caption(t.Id) + (of is null ? "" : $", {of}"))
        {
            CsvOnly = t.Rows.Count > MostRowsOnPage,
        }) ?? [];

    /// <summary>"steps_to_target" → "Steps to target".</summary>
    public static string Caption(string id)
    {
        var words = id.Replace('_', ' ').Trim();
        return words.Length == 0 ? id : char.ToUpperInvariant(words[0]) + words[1..];
    }

    /// <summary>Joins the findings that exist into one paragraph.</summary>
    public static string Join(params string?[] findings) =>
        string.Join(" ", findings.Where(f => !string.IsNullOrWhiteSpace(f)).Select(f => f!.Trim()));
}
