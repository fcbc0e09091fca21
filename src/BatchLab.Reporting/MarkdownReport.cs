using System.Text;
using BatchLab.Reporting.Document;

namespace BatchLab.Reporting;

/// <summary>
/// report.md: the same content as report.html in GitHub-flavoured Markdown, with each figure
/// referenced as the PNG file written beside it (<c>id.png</c>) and each table inline.
/// </summary>
public static class MarkdownReport
{
    public static string Render(ReportDocument document)
    {
        var md = new StringBuilder();
        md.Append("# ").Append(MarkdownText.Inline(document.Title)).Append("\n\n");
        if (document.Subtitle is { } subtitle)
        {
            md.Append('_').Append(MarkdownText.Inline(subtitle)).Append("_\n\n");
        }

        var metadata = ReportText.Metadata(document.Metadata).ToList();
        if (metadata.Count > 0)
        {
            md.Append("| | |\n|---|---|\n");
            foreach (var (label, text, code) in metadata)
            {
                // Inside a code span only the pipe needs escaping in a GFM table.
                var value = code ? $"`{text.Replace("`", "'", StringComparison.Ordinal).Replace("|", "\\|", StringComparison.Ordinal)}`" : MarkdownText.Cell(text);
                md.Append("| ").Append(label).Append(" | ").Append(value).Append(" |\n");
            }

            md.Append('\n');
        }

        if (document.Answer is { } answer)
        {
            Answer(md, answer);
        }

        md.Append("## Contents\n\n");
        for (var i = 0; i < document.Sections.Count; i++)
        {
            var section = document.Sections[i];
            md.Append(i + 1).Append(". [").Append(MarkdownText.Inline(section.Title)).Append("](#").Append(section.Id).Append(")\n");
        }

        md.Append('\n');
        for (var i = 0; i < document.Sections.Count; i++)
        {
            MarkdownSection.Append(md, document.Sections[i], i + 1);
        }

        return md.ToString();
    }

    static void Answer(StringBuilder md, ReportAnswer answer)
    {
        md.Append("## The answer\n\n**").Append(MarkdownText.Inline(answer.Headline)).Append("**\n\n");
        if (answer.Figures.Count > 0)
        {
            md.Append("| | |\n|---|---:|\n");
            foreach (var figure in answer.Figures)
            {
                md.Append("| ").Append(MarkdownText.Cell(figure.Name)).Append(" | ").Append(MarkdownText.Cell(figure.Text)).Append(" |\n");
            }

            md.Append('\n');
        }

        if (answer.Confidence is { } confidence)
        {
            md.Append("**Confidence rests on:** ").Append(MarkdownText.Inline(confidence)).Append("\n\n");
        }

        if (answer.TradeOff.Count > 0)
        {
            md.Append("**Speed or final error**\n\n");
            foreach (var line in answer.TradeOff)
            {
                md.Append("- ").Append(MarkdownText.Inline(line)).Append('\n');
            }

            md.Append('\n');
        }

        if (answer.Apply.Count > 0)
        {
            md.Append("**Apply it**\n\n```\n").Append(string.Join("\n", answer.Apply)).Append("\n```\n\n");
        }

        if (answer.Reasons.Count > 0)
        {
            md.Append("**Why**\n\n");
            var n = 1;
            foreach (var reason in answer.Reasons.Take(HtmlAnswer.MostReasons))
            {
                md.Append(n++).Append(". ").Append(MarkdownText.Inline(reason)).Append('\n');
            }

            md.Append('\n');
        }

        if (answer.Caveats.Count > 0)
        {
            md.Append("**Caveats**\n\n");
            foreach (var caveat in answer.Caveats)
            {
                md.Append("- ").Append(MarkdownText.Inline(caveat)).Append('\n');
            }

            md.Append('\n');
        }
    }
}
