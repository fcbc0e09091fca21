using System.Text;
using System.Text.RegularExpressions;
using BatchLab.Reporting;
using BatchLab.Reporting.Document;
using BatchLab.Reporting.Plots;
using BatchLab.Text;

namespace BatchLab.Tests.Reporting;

public partial class HtmlReportTests
{
    // A stand-in drawing: the page is tested without spending time on real plots.
    static string Svg(PlotSpec plot, int width, int height) => $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\"><text>{plot.Id}</text></svg>";

    static readonly ReportDocument Document = ReportFixture.NineSections();

    [Fact]
    public void Markup_in_any_text_is_shown_as_text()
    {
        var hostile = "<script>alert('x')</script> & \"quoted\"";
        var section = new ReportSection("s", hostile, hostile)
        {
            KeyFigures = [new KeyFigure(hostile, hostile)],
            Notes = [hostile],
            Tables = [new ReportTable(new DataTable("t", [hostile], [[hostile]]), hostile)],
        };
        var document = new ReportDocument(hostile, new ReportMetadata { CommandLine = hostile }, [section]) { Subtitle = hostile };

        var html = HtmlReport.Render(document, Svg);

        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("\"quoted\"", html, StringComparison.Ordinal);
        // <title>, heading, subtitle, command, contents, heading, finding, key figure name and text, caption, column, cell, note.
        Assert.Equal(13, Regex.Count(html, Regex.Escape("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;quoted&quot;")));
    }

    [Fact]
    public void Every_section_is_an_anchor_listed_in_the_contents_in_order()
    {
        var html = HtmlReport.Render(Document, Svg);

        var ids = Document.Sections.Select(s => s.Id).ToList();
        Assert.Equal(ids, SectionIds().Matches(html).Select(m => m.Groups[1].Value));
        Assert.Equal(ids, ContentsLinks().Matches(html).Select(m => m.Groups[1].Value));
    }

    [Fact]
    public void Each_figure_is_embedded_full_size_with_a_narrow_drawing_for_phones_and_nothing_is_loaded_from_elsewhere()
    {
        var html = HtmlReport.Render(Document, Svg);

        var images = ImageSources().Matches(html).Select(m => Encoding.UTF8.GetString(Convert.FromBase64String(m.Groups[1].Value))).ToList();
        Assert.Equal(Document.Plots.SelectMany(p => new[] { Svg(p, 440, 360), Svg(p, 800, 500) }), images);
        Assert.Equal(Document.Plots.Count, Regex.Count(html, "<source media=\"\\(max-width: 600px\\)\" width=\"440\" height=\"360\""));
        Assert.Equal(Document.Plots.Count, Regex.Count(html, "<img "));
        Assert.DoesNotMatch("(src|href)=\"(https?:|//|[a-z_]+\\.(css|js|png|svg))", html);
        Assert.Contains("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">", html);
    }

    [Fact]
    public void Tables_show_formatted_numbers_with_numeric_columns_right_aligned()
    {
        var html = HtmlReport.Render(Document, Svg);

        Assert.Contains("<td class=\"num nonfinite\">diverged</td>", html);
        Assert.Contains("<td class=\"num nonfinite\">never</td>", html);
        Assert.Contains("<th>layer</th><th class=\"num\">bytes per sample</th>", html);
        Assert.Contains("<td class=\"num\">3,136</td><td class=\"num\">59.6%</td>", html);
        Assert.Contains("<dd>14 min 34 s</dd>", html);
        Assert.Contains("<dt>B_crit</dt><dd>310 samples</dd>", html);
    }

    [Fact]
    public void Blank_lines_in_a_finding_start_new_paragraphs()
    {
        var document = new ReportDocument("t", new ReportMetadata(), [new ReportSection("s", "t", "First\nline. Then more.\n\nSecond.")]);

        Assert.Contains("<p class=\"lead\">First line.</p>\n<details>\n<summary>How this was worked out</summary>\n<p>Then more.</p>\n<p>Second.</p>\n</details>", HtmlReport.Render(document, Svg));
    }

    [Theory]
    [InlineData("Best median test error 2.49% at B = 8 (η̃ = 2^-8). Smallest B = 2: 2.53%.", "Best median test error 2.49% at B = 8 (η̃ = 2^-8).")]
    [InlineData("McCandlish et al. 2018 call it B_simple, e.g. 3.5 here. It is small.", "McCandlish et al. 2018 call it B_simple, e.g. 3.5 here.")]
    [InlineData("One sentence only.", "One sentence only.")]
    public void A_finding_leads_with_its_first_sentence_and_folds_the_rest(string finding, string lead)
    {
        var html = HtmlReport.Render(new ReportDocument("t", new ReportMetadata(), [new ReportSection("s", "t", finding)]), Svg);

        Assert.Contains($"<p class=\"lead\">{System.Net.WebUtility.HtmlEncode(lead)}</p>", html);
        Assert.Equal(lead != finding, html.Contains("<details>", StringComparison.Ordinal));
    }

    [Fact]
    public void The_answer_comes_before_the_contents_and_shows_at_most_three_reasons()
    {
        var answer = new ReportAnswer("Train with B = 32.")
        {
            Figures = [new KeyFigure("batch B", "32", 32) { Key = "batch" }],
            Confidence = "2 seeds per grid point.",
            Reasons = ["one", "two", "three", "four"],
            Caveats = ["a caveat"],
            DetailsSection = "s",
        };
        var html = HtmlReport.Render(new ReportDocument("t", new ReportMetadata(), [new ReportSection("s", "Recommendation", "f.")]) { Answer = answer }, Svg);

        Assert.True(html.IndexOf("class=\"answer\"", StringComparison.Ordinal) < html.IndexOf("class=\"toc\"", StringComparison.Ordinal));
        Assert.Contains("<li>three</li>", html);
        Assert.DoesNotContain("<li>four</li>", html);
        Assert.Contains("<li>a caveat</li>", html);
        Assert.Contains("<a href=\"#s\">§1 Recommendation</a>", html);
    }

    [Fact]
    public void Raw_tables_are_named_and_linked_not_printed()
    {
        var rows = Enumerable.Range(0, 90).Select(i => (IReadOnlyList<object?>)[i, 1.5 * i]).ToList();
        var section = new ReportSection("s", "t", "f.") { Tables = [new ReportTable(new DataTable("noise_draws", ["draw", "grad_sq_norm"], rows), "Noise draws") { CsvOnly = true }] };

        var html = HtmlReport.Render(new ReportDocument("t", new ReportMetadata(), [section]), Svg);

        Assert.Contains("Noise draws: 90 rows in <a href=\"noise_draws.csv\">noise_draws.csv</a>.", html);
        Assert.DoesNotContain("<table>", html);
    }

    [GeneratedRegex("<section id=\"([^\"]+)\">")]
    private static partial Regex SectionIds();

    [GeneratedRegex("<li><a href=\"#([^\"]+)\">")]
    private static partial Regex ContentsLinks();

    [GeneratedRegex("(?:src|srcset)=\"data:image/svg\\+xml;base64,([A-Za-z0-9+/=]+)\"")]
    private static partial Regex ImageSources();
}
