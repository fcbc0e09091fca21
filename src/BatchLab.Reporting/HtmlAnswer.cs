using System.Text;
using BatchLab.Reporting.Document;

namespace BatchLab.Reporting;

/// <summary>
/// The answer box at the top of report.html: the sentence to act on, the numbers to use, how sure
/// it is, the reasons that decided it (three at most) and the caveats, with a link to the section
/// that explains it in full.
/// </summary>
internal static class HtmlAnswer
{
    public const int MostReasons = 3;

    public static void Append(StringBuilder html, ReportAnswer answer, IReadOnlyList<ReportSection> sections)
    {
        html.Append("<div class=\"answer\" id=\"answer\" role=\"region\" aria-labelledby=\"answer-title\">\n")
            .Append("<h2 id=\"answer-title\">The answer</h2>\n<p class=\"headline\">").Append(HtmlReport.Encode(answer.Headline)).Append("</p>\n");
        if (answer.Figures.Count > 0)
        {
            html.Append("<dl class=\"key-figures\">\n");
            foreach (var figure in answer.Figures)
            {
                html.Append("<div><dt>").Append(HtmlReport.Encode(figure.Name)).Append("</dt><dd>").Append(HtmlReport.Encode(figure.Text)).Append("</dd></div>\n");
            }

            html.Append("</dl>\n");
        }

        if (answer.Confidence is { } confidence)
        {
            html.Append("<p class=\"confidence\"><b>Confidence rests on:</b> ").Append(HtmlReport.Encode(confidence)).Append("</p>\n");
        }

        List("Speed or final error", "ul", answer.TradeOff, html);
        if (answer.Apply.Count > 0)
        {
            html.Append("<h3>Apply it</h3>\n<pre class=\"apply\"><code>").Append(HtmlReport.Encode(string.Join("\n", answer.Apply))).Append("</code></pre>\n");
        }

        List("Why", "ol", answer.Reasons.Take(MostReasons).ToList(), html);
        List("Caveats", "ul", answer.Caveats, html);
        var index = sections.ToList().FindIndex(s => s.Id == answer.DetailsSection);
        if (index >= 0)
        {
            html.Append("<p class=\"more\"><a href=\"#").Append(sections[index].Id).Append("\">§").Append(index + 1).Append(' ')
                .Append(HtmlReport.Encode(sections[index].Title)).Append("</a> gives every reason and the numbers behind them.</p>\n");
        }

        html.Append("</div>\n");
    }

    static void List(string heading, string tag, IReadOnlyList<string> items, StringBuilder html)
    {
        if (items.Count == 0)
        {
            return;
        }

        html.Append("<h3>").Append(heading).Append("</h3>\n<").Append(tag).Append(">\n");
        foreach (var item in items)
        {
            html.Append("<li>").Append(HtmlReport.Encode(item)).Append("</li>\n");
        }

        html.Append("</").Append(tag).Append(">\n");
    }
}
