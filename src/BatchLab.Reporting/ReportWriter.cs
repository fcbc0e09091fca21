using BatchLab.IO;
using BatchLab.Reporting.Document;

namespace BatchLab.Reporting;

/// <summary>
/// Writes a report into a folder: report.html (self-contained), report.md, results.json, one CSV
/// per table and a PNG and an SVG per figure. The document is checked before anything is written;
/// every file is replaced atomically, and report.html comes last, so a finished page means a
/// finished report. Cost: about 0.1–0.25 s per figure to draw PNG, SVG and the page's two SVGs.
/// </summary>
public static class ReportWriter
{
    public const string HtmlName = "report.html";
    public const string MarkdownName = "report.md";
    public const string JsonName = "results.json";

    public static ReportFiles Write(ReportDocument document, string directory)
    {
        document = ProseNumbers.Normalize(document);
        ReportCheck.Validate(document);
        var artifacts = ArtifactWriter.Write(document, directory);
        var json = Save(directory, JsonName, ReportJson.Serialize(document));
        var markdown = Save(directory, MarkdownName, MarkdownReport.Render(document));
        // The page draws its own figures: without the title the caption carries, with hover values.
        var page = HtmlReport.Render(document);
        return new ReportFiles(Save(directory, HtmlName, page), markdown, json, artifacts);
    }

    static string Save(string directory, string name, string text)
    {
        var path = Path.GetFullPath(Path.Combine(directory, name));
        AtomicFile.Write(path, text);
        return path;
    }
}
