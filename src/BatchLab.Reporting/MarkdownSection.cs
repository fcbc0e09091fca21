using System.Text;
using BatchLab.Reporting.Document;

namespace BatchLab.Reporting;

/// <summary>One report section in Markdown; the anchor before the heading keeps links stable whatever the title.</summary>
internal static class MarkdownSection
{
    public static void Append(StringBuilder md, ReportSection section, int number)
    {
        md.Append("<a id=\"").Append(section.Id).Append("\"></a>\n\n");
        md.Append("## ").Append(number).Append(". ").Append(MarkdownText.Inline(section.Title)).Append("\n\n");
        var paragraphs = ReportText.Paragraphs(section.Finding).ToList();
        if (paragraphs.Count > 0)
        {
            // The lead sentence in bold; the derivation follows as plain paragraphs.
            var (lead, details) = FindingText.Split(paragraphs[0]);
            md.Append("**").Append(MarkdownText.Escape(lead)).Append("**").Append(details.Length > 0 ? " " + MarkdownText.Escape(details) : "").Append("\n\n");
            foreach (var paragraph in paragraphs.Skip(1))
            {
                md.Append(MarkdownText.Escape(paragraph)).Append("\n\n");
            }
        }

        if (section.KeyFigures.Count > 0)
        {
            md.Append("| key figure | value |\n|---|---:|\n");
            foreach (var figure in section.KeyFigures)
            {
                md.Append("| ").Append(MarkdownText.Cell(figure.Name)).Append(" | ").Append(MarkdownText.Cell(figure.Text)).Append(" |\n");
            }

            md.Append('\n');
        }

        for (var i = 0; i < section.Figures.Count; i++)
        {
            var figure = section.Figures[i];
            // The PNG shows the title; the caption adds to it only where it says more.
            md.Append("![").Append(MarkdownText.Inline(figure.Plot.Title)).Append("](").Append(figure.Plot.Id).Append(".png)\n\n")
                .Append($"**Figure {number}.{i + 1}.**");
            md.Append(figure.Caption == figure.Plot.Title ? "" : " " + MarkdownText.Inline(figure.Caption)).Append("\n\n");
        }

        for (var i = 0; i < section.Tables.Count; i++)
        {
            Table(md, section.Tables[i], $"{number}.{i + 1}");
        }

        foreach (var note in section.Notes)
        {
            md.Append("> **Note.** ").Append(MarkdownText.Inline(note)).Append("\n\n");
        }
    }

    static void Table(StringBuilder md, ReportTable table, string number)
    {
        var columns = table.Data.Columns;
        if (table.CsvOnly)
        {
            md.Append($"**Table {number}.** ").Append(MarkdownText.Inline(table.Caption)).Append(": ").Append(table.Data.Rows.Count.ToString("N0", System.Globalization.CultureInfo.InvariantCulture))
                .Append(" rows in [").Append(table.Data.Id).Append(".csv](").Append(table.Data.Id).Append(".csv).\n\n");
            return;
        }

        md.Append($"**Table {number}.** ").Append(MarkdownText.Inline(table.Caption)).Append(" ([CSV](").Append(table.Data.Id).Append(".csv))\n\n|");
        foreach (var column in columns)
        {
            md.Append(' ').Append(MarkdownText.Cell(column)).Append(" |");
        }

        md.Append("\n|");
        for (var c = 0; c < columns.Count; c++)
        {
            md.Append(ReportText.IsNumeric(table, c) ? "---:|" : "---|");
        }

        md.Append('\n');
        foreach (var row in table.Data.Rows)
        {
            md.Append('|');
            for (var c = 0; c < columns.Count; c++)
            {
                md.Append(' ').Append(MarkdownText.Cell(table.Text(c, row[c]))).Append(" |");
            }

            md.Append('\n');
        }

        md.Append('\n');
    }
}
