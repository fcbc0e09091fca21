using System.Text;
using BatchLab.Reporting.Document;
using BatchLab.Reporting.Plots;

namespace BatchLab.Reporting;

/// <summary>One report section in HTML: heading, finding, key figures, figures, tables, notes.</summary>
internal static class HtmlSection
{
    // Longer tables scroll within a frame of about 15 rows, with the header kept in view.
    const int LongTable = 15;

    public static void Append(StringBuilder html, ReportSection section, int number, Func<PlotSpec, int, int, string> svg)
    {
        html.Append("<section id=\"").Append(section.Id).Append("\">\n<h2><span class=\"number\">")
            .Append(number).Append(".</span> ").Append(HtmlReport.Encode(section.Title)).Append("</h2>\n");
        html.Append("<div class=\"finding\">\n");
        foreach (var paragraph in ReportText.Paragraphs(section.Finding))
        {
            html.Append("<p>").Append(HtmlReport.Encode(paragraph)).Append("</p>\n");
        }

        html.Append("</div>\n");
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
            Figure(html, section.Figures[i], $"{number}.{i + 1}", svg);
        }

        for (var i = 0; i < section.Tables.Count; i++)
        {
            Table(html, section.Tables[i], $"{number}.{i + 1}");
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

        html.Append("</section>\n");
    }

    static void Figure(StringBuilder html, ReportFigure figure, string number, Func<PlotSpec, int, int, string> svg)
    {
        var (width, height) = (PlotRenderer.DefaultWidth, PlotRenderer.DefaultHeight);
        html.Append("<figure id=\"figure-").Append(figure.Plot.Id).Append("\">\n<picture>\n")
            .Append($"<source media=\"(max-width: {HtmlReport.NarrowScreen}px)\" width=\"{HtmlReport.NarrowWidth}\" height=\"{HtmlReport.NarrowHeight}\" srcset=\"")
            .Append(DataUri(svg(figure.Plot, HtmlReport.NarrowWidth, HtmlReport.NarrowHeight))).Append("\">\n")
            .Append("<img src=\"").Append(DataUri(svg(figure.Plot, width, height)))
            .Append($"\" width=\"{width}\" height=\"{height}\" alt=\"").Append(HtmlReport.Encode(figure.Plot.Title)).Append("\">\n</picture>\n")
            .Append("<figcaption><b>Figure ").Append(number).Append(".</b> ").Append(HtmlReport.Encode(figure.Caption))
            .Append("</figcaption>\n</figure>\n");
    }

    // Base64 keeps the URI free of characters that would need escaping in an attribute or a srcset list.
    static string DataUri(string svg) => "data:image/svg+xml;base64," + Convert.ToBase64String(Encoding.UTF8.GetBytes(svg));

    static void Table(StringBuilder html, ReportTable table, string number)
    {
        var columns = table.Data.Columns;
        var numeric = Enumerable.Range(0, columns.Count).Select(c => ReportText.IsNumeric(table, c)).ToArray();
        html.Append("<div class=\"table\" id=\"table-").Append(table.Data.Id).Append("\">\n")
            .Append("<p class=\"caption\"><b>Table ").Append(number).Append(".</b> ").Append(HtmlReport.Encode(table.Caption)).Append("</p>\n")
            // Wide tables scroll inside their frame instead of widening the page on a phone.
            .Append(table.Data.Rows.Count > LongTable ? "<div class=\"scroll long\" tabindex=\"0\">" : "<div class=\"scroll\" tabindex=\"0\">")
            .Append("\n<table>\n<thead><tr>");
        for (var c = 0; c < columns.Count; c++)
        {
            html.Append(numeric[c] ? "<th class=\"num\">" : "<th>").Append(HtmlReport.Encode(columns[c])).Append("</th>");
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
