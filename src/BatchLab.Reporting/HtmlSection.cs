using System.Globalization;
using System.Text;
using BatchLab.Reporting.Document;
using BatchLab.Reporting.Plots;

namespace BatchLab.Reporting;

/// <summary>One report section in HTML: heading, finding (lead sentence, then the details folded), key figures, figures with hover values, tables, notes.</summary>
internal static class HtmlSection
{
    // Longer tables scroll within a frame of about 15 rows, with the header kept in view.
    const int LongTable = 15;

    public static void Append(StringBuilder html, ReportSection section, int number, Func<PlotSpec, int, int, PageDrawing> draw)
    {
        html.Append("<section id=\"").Append(section.Id).Append("\">\n<h2><span class=\"number\">")
            .Append(number).Append(".</span> ").Append(HtmlReport.Encode(section.Title)).Append("</h2>\n");
        if (section.FoldedBecause is { } why)
        {
            html.Append("<details class=\"folded-section\">\n<summary>Show this section: ").Append(HtmlReport.Encode(why)).Append("</summary>\n");
        }

        Finding(html, section.Finding);
        if (section.KeyFigures.Count > 0)
        {
            html.Append("<dl class=\"key-figures\">\n");
            foreach (var figure in section.KeyFigures)
            {
                html.Append("<div><dt>").Append(HtmlReport.Encode(figure.Name)).Append("</dt><dd>")
                    .Append(HtmlReport.Encode(figure.Text)).Append("</dd></div>\n");
            }

            html.Append("</dl>\n");
        }

        for (var i = 0; i < section.Figures.Count; i++)
        {
            Figure(html, section.Figures[i], $"{number}.{i + 1}", draw);
        }

        if (section.Tables.Count > 0)
        {
            // The measurements behind the figures and the finding: there for whoever checks, folded for whoever reads.
            html.Append("<details class=\"tables\">\n<summary>")
                .Append(section.Tables.Count == 1 ? "The table of measurements" : $"The {section.Tables.Count} tables of measurements")
                .Append(" (also as CSV)</summary>\n");
            for (var i = 0; i < section.Tables.Count; i++)
            {
                Table(html, section.Tables[i], $"{number}.{i + 1}");
            }

            html.Append("</details>\n");
        }

        if (section.Notes.Count > 0)
        {
            html.Append("<aside class=\"notes\">\n<h3>Notes</h3>\n<ul>\n");
            foreach (var note in section.Notes)
            {
                html.Append("<li>").Append(HtmlReport.Encode(note)).Append("</li>\n");
            }

            html.Append("</ul>\n</aside>\n");
        }

        if (section.FoldedBecause is not null)
        {
            html.Append("</details>\n");
        }

        html.Append("</section>\n");
    }

    /// <summary>The lead sentence, always shown; the rest of the finding (how it was worked out) folded below it.</summary>
    static void Finding(StringBuilder html, string finding)
    {
        var paragraphs = ReportText.Paragraphs(finding).ToList();
        html.Append("<div class=\"finding\">\n");
        if (paragraphs.Count > 0)
        {
            var (lead, details) = FindingText.Split(paragraphs[0]);
            var more = (details.Length > 0 ? [details] : new List<string>()).Concat(paragraphs.Skip(1)).ToList();
            html.Append("<p class=\"lead\">").Append(HtmlReport.Encode(lead)).Append("</p>\n");
            if (more.Count > 0)
            {
                html.Append("<details>\n<summary>How this was worked out</summary>\n");
                foreach (var paragraph in more)
                {
                    html.Append("<p>").Append(HtmlReport.Encode(paragraph)).Append("</p>\n");
                }

                html.Append("</details>\n");
            }
        }

        html.Append("</div>\n");
    }

    static void Figure(StringBuilder html, ReportFigure figure, string number, Func<PlotSpec, int, int, PageDrawing> draw)
    {
        var (width, height) = (PlotRenderer.DefaultWidth, PlotRenderer.DefaultHeight);
        var narrow = draw(figure.Plot, HtmlReport.NarrowWidth, HtmlReport.NarrowHeight);
        var wide = draw(figure.Plot, width, height);
        html.Append("<figure id=\"figure-").Append(figure.Plot.Id).Append("\">\n<div class=\"plot\">\n<picture>\n")
            .Append($"<source media=\"(max-width: {HtmlReport.NarrowScreen}px)\" width=\"{HtmlReport.NarrowWidth}\" height=\"{HtmlReport.NarrowHeight}\" srcset=\"")
            .Append(DataUri(narrow.Svg)).Append("\">\n")
            .Append("<img src=\"").Append(DataUri(wide.Svg))
            .Append($"\" width=\"{width}\" height=\"{height}\" alt=\"").Append(HtmlReport.Encode(figure.Plot.Title)).Append("\">\n</picture>\n");
        Hover(html, "wide", wide.Areas, width, height);
        Hover(html, "narrow", narrow.Areas, HtmlReport.NarrowWidth, HtmlReport.NarrowHeight);
        html.Append("</div>\n<figcaption><b>Figure ").Append(number).Append(".</b> ").Append(HtmlReport.Encode(figure.Caption))
            .Append("</figcaption>\n</figure>\n");
    }

    /// <summary>Transparent boxes over the drawing, in its own pixels, each naming its point's values.</summary>
    static void Hover(StringBuilder html, string size, IReadOnlyList<HoverArea> areas, int width, int height)
    {
        if (areas.Count == 0)
        {
            return;
        }

        html.Append($"<svg class=\"hover {size}\" viewBox=\"0 0 {width} {height}\" preserveAspectRatio=\"none\" role=\"img\" aria-label=\"values\">\n");
        foreach (var a in areas)
        {
            html.Append(string.Create(CultureInfo.InvariantCulture, $"<rect x=\"{a.Left:0.#}\" y=\"{a.Top:0.#}\" width=\"{a.Width:0.#}\" height=\"{a.Height:0.#}\"><title>"))
                .Append(HtmlReport.Encode(a.Text)).Append("</title></rect>\n");
        }

        html.Append("</svg>\n");
    }

    // Base64 keeps the URI free of characters that would need escaping in an attribute or a srcset list.
    static string DataUri(string svg) => "data:image/svg+xml;base64," + Convert.ToBase64String(Encoding.UTF8.GetBytes(svg));

    static void Table(StringBuilder html, ReportTable table, string number)
    {
        if (table.CsvOnly)
        {
            // Raw measurements: the page names them and links the file; nobody reads 90 draws row by row.
            html.Append("<p class=\"caption csv-only\" id=\"table-").Append(table.Data.Id).Append("\"><b>Table ").Append(number).Append(".</b> ")
                .Append(HtmlReport.Encode(table.Caption)).Append(": ").Append(table.Data.Rows.Count.ToString("N0", CultureInfo.InvariantCulture))
                .Append(" rows in <a href=\"").Append(table.Data.Id).Append(".csv\">").Append(table.Data.Id).Append(".csv</a>.</p>\n");
            return;
        }

        var columns = table.Data.Columns;
        var numeric = Enumerable.Range(0, columns.Count).Select(c => ReportText.IsNumeric(table, c)).ToArray();
        html.Append("<div class=\"table\" id=\"table-").Append(table.Data.Id).Append("\">\n")
            .Append("<p class=\"caption\"><b>Table ").Append(number).Append(".</b> ").Append(HtmlReport.Encode(table.Caption))
            .Append(string.Concat(columns.Select(ColumnHeader.Explain).OfType<string>().Select(e => " " + HtmlReport.Encode(char.ToUpperInvariant(e[0]) + e[1..]) + "."))).Append("</p>\n")
            // Wide tables scroll inside their frame instead of widening the page on a phone.
            .Append(table.Data.Rows.Count > LongTable ? "<div class=\"scroll long\" tabindex=\"0\">" : "<div class=\"scroll\" tabindex=\"0\">")
            .Append("\n<table>\n<thead><tr>");
        for (var c = 0; c < columns.Count; c++)
        {
            html.Append(numeric[c] ? "<th class=\"num\">" : "<th>").Append(HtmlReport.Encode(ColumnHeader.Of(columns[c]))).Append("</th>");
        }

        html.Append("</tr></thead>\n<tbody>\n");
        foreach (var row in table.Data.Rows)
        {
            html.Append("<tr>");
            for (var c = 0; c < columns.Count; c++)
            {
                var open = (numeric[c], row[c]) switch
                {
                    (true, double d) when !double.IsFinite(d) => "<td class=\"num nonfinite\">",
                    (true, _) => "<td class=\"num\">",
                    _ => "<td>",
                };
                html.Append(open).Append(HtmlReport.Encode(table.Text(c, row[c]))).Append("</td>");
            }

            html.Append("</tr>\n");
        }

        html.Append("</tbody>\n</table>\n</div>\n</div>\n");
    }
}
