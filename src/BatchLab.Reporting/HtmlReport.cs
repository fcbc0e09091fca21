using System.Net;
using System.Text;
using BatchLab.Reporting.Document;
using BatchLab.Reporting.Plots;

namespace BatchLab.Reporting;

/// <summary>
/// report.html: one self-contained page that works offline and reads on a phone. Nothing is
/// fetched — no fonts, scripts or style sheets from elsewhere, and no JavaScript at all. The answer
/// comes first (<see cref="ReportAnswer"/>), then the contents and the sections; each finding shows
/// its first sentence and folds the derivation into a &lt;details&gt;. Each figure is SVG in an
/// &lt;img&gt; data URI: vector, so it stays sharp at any zoom and pixel density, mostly smaller than
/// the PNG (15–60 KB per figure), and each image is its own document, so the clip-path ids that
/// every SVG export numbers alike cannot collide as they would inlined in one page. The page's
/// drawings have no title (the caption below carries it), and a transparent inline SVG over each
/// gives every point and heatmap cell its value on hover (&lt;title&gt;). Phones get a second
/// drawing, <see cref="NarrowWidth"/> × <see cref="NarrowHeight"/>, whose text stays legible at a
/// phone's width, where the full-size figure's would shrink to ~5 px.
/// </summary>
public static class HtmlReport
{
    public const int NarrowWidth = 440;
    public const int NarrowHeight = 360;

    /// <summary>Screens up to this width (CSS pixels) show the narrow drawing.</summary>
    public const int NarrowScreen = 600;

    public static string Render(ReportDocument document) => Render(document, PlotRenderer.Page);

    /// <param name="svg">Draws a plot as SVG at (width, height) pixels (tests pass a stand-in).</param>
    public static string Render(ReportDocument document, Func<PlotSpec, int, int, string> svg) =>
        Render(document, (plot, width, height) => PageDrawing.Plain(svg(plot, width, height)));

    /// <param name="draw">Draws a plot for the page at (width, height) pixels, with its hover areas.</param>
    public static string Render(ReportDocument document, Func<PlotSpec, int, int, PageDrawing> draw)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<meta name=\"generator\" content=\"BatchLab\">\n")
            .Append("<title>").Append(Encode(document.Title)).Append("</title>\n")
            // An empty icon: otherwise browsers ask the file system for favicon.ico next to the page.
            .Append("<link rel=\"icon\" href=\"data:,\">\n")
            .Append("<style>\n").Append(HtmlStyle.Css).Append("</style>\n</head>\n<body>\n<div class=\"page\">\n");
        Header(html, document);
        if (document.Answer is { } answer)
        {
            HtmlAnswer.Append(html, answer, document.Sections);
        }

        Contents(html, document.Sections);
        html.Append("<main>\n");
        for (var i = 0; i < document.Sections.Count; i++)
        {
            HtmlSection.Append(html, document.Sections[i], i + 1, draw);
        }

        html.Append("</main>\n<footer>");
        html.Append(document.Metadata.Version is { } version ? $"Written by BatchLab {Encode(version)}." : "Written by BatchLab.");
        html.Append(" Data: results.json and one CSV file per table beside this page.</footer>\n</div>\n</body>\n</html>\n");
        return html.ToString();
    }

    /// <summary>Text for HTML content and attribute values: &amp;, &lt;, &gt;, quotes escaped.</summary>
    internal static string Encode(string text) => WebUtility.HtmlEncode(text);

    static void Header(StringBuilder html, ReportDocument document)
    {
        html.Append("<header>\n<h1>").Append(Encode(document.Title)).Append("</h1>\n");
        if (document.Subtitle is { } subtitle)
        {
            html.Append("<p class=\"subtitle\">").Append(Encode(subtitle)).Append("</p>\n");
        }

        var rows = ReportText.Metadata(document.Metadata).ToList();
        if (rows.Count > 0)
        {
            html.Append("<dl class=\"meta\">\n");
            foreach (var (label, text, code) in rows)
            {
                var value = code ? $"<code>{Encode(text)}</code>" : Encode(text);
                html.Append("<dt>").Append(Encode(label)).Append("</dt><dd>").Append(value).Append("</dd>\n");
            }

            html.Append("</dl>\n");
        }

        html.Append("</header>\n");
    }

    static void Contents(StringBuilder html, IReadOnlyList<ReportSection> sections)
    {
        html.Append("<nav class=\"toc\" aria-label=\"Contents\">\n<h2>Contents</h2>\n<ol>\n");
        foreach (var section in sections)
        {
            html.Append("<li><a href=\"#").Append(section.Id).Append("\">").Append(Encode(section.Title)).Append("</a></li>\n");
        }

        html.Append("</ol>\n</nav>\n");
    }
}
