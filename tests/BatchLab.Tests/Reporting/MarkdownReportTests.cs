using System.Text.RegularExpressions;
using BatchLab.Reporting;
using BatchLab.Reporting.Document;
using BatchLab.Text;

namespace BatchLab.Tests.Reporting;

public partial class MarkdownReportTests
{
    [Fact]
    public void A_pipe_in_a_cell_or_column_name_does_not_split_the_row()
    {
        var table = new ReportTable(new DataTable("t", ["a|b", "c"], [["x | y", 1.5], ["", double.NaN]]), "caption");
        var document = new ReportDocument("t", new ReportMetadata(), [new ReportSection("s", "t", "f") { Tables = [table] }]);

        var rows = MarkdownReport.Render(document).Split('\n').Where(line => line.StartsWith('|')).ToList();

        Assert.Equal(["| a\\|b | c |", "|---|---:|", "| x \\| y | 1.5 |", "|   | — |"], rows);
        Assert.All(rows, row => Assert.Equal(3, UnescapedPipes().Count(row)));
    }

    [Fact]
    public void Text_that_markdown_would_interpret_is_escaped()
    {
        Assert.Equal(@"B\_crit is \*not\* \<b\>bold\</b\> \[1\]", MarkdownText.Inline("B_crit is *not* <b>bold</b> [1]"));
        Assert.Equal(@"\# heading? no", MarkdownText.Escape("# heading? no"));
        Assert.Equal(@"1\. not a list", MarkdownText.Escape("1. not a list"));
        Assert.Equal(@"\- not a list", MarkdownText.Escape("- not a list"));
        Assert.Equal("1. a list item's text stays", MarkdownText.Inline("1. a list item's text stays"));
        Assert.Equal(@"Masters & Luschi: \&lt; is \<", MarkdownText.Inline("Masters & Luschi: &lt; is <"));
    }

    [Fact]
    public void Figures_reference_the_png_beside_the_report_and_sections_have_anchors()
    {
        var document = ReportFixture.NineSections();

        var markdown = MarkdownReport.Render(document);

        Assert.Equal(document.Plots.Select(p => $"{p.Id}.png"), ImageLinks().Matches(markdown).Select(m => m.Groups[1].Value));
        Assert.All(document.Sections, s => Assert.Contains($"<a id=\"{s.Id}\"></a>", markdown));
        Assert.Contains("1. [Generalization vs batch size](#generalization)", markdown);
        Assert.Contains("| B\\_crit | 310 samples |", markdown);
        Assert.Contains("| gd |   | never |", markdown);
    }

    [GeneratedRegex(@"(?<!\\)\|")]
    private static partial Regex UnescapedPipes();

    [GeneratedRegex(@"!\[[^\]]*\]\(([^)]+)\)")]
    private static partial Regex ImageLinks();
}
