using BatchLab.Reporting;
using BatchLab.Reporting.Document;
using BatchLab.Tests.Support;
using Xunit.Abstractions;

namespace BatchLab.Tests.Reporting;

/// <summary>
/// report.html in a real browser (headless Chromium): no console errors or exceptions, every
/// section and figure there and decoded, no sideways scrolling on a phone. The full-page
/// screenshots are kept in report-check/ under the test output folder for people to look at.
/// </summary>
public sealed partial class ReportBrowserTests(ITestOutputHelper output)
{
    static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "report-check");

    [Fact]
    public async Task The_nine_section_report_opens_cleanly_on_a_desktop_and_a_phone()
    {
        var document = ReportFixture.NineSections();
        var files = ReportWriter.Write(document, Path.Combine(Folder, "report"));
        output.WriteLine($"report: {files.Html}");
        await using var browser = await HeadlessChromium.Start();

        foreach (var screen in new[] { Screen.Desktop, Screen.Phone })
        {
            var page = await PageCheck.Run(browser, files.Html, screen, Path.Combine(Folder, $"report-{screen.Name}.png"));
            output.WriteLine($"{screen.Name} screenshot: {page.Screenshot}");

            Assert.Empty(page.Errors);
            Assert.Equal(document.Sections.Select(s => s.Id), page.SectionIds);
            Assert.Equal(document.Plots.Select(p => p.Title), page.Images.Select(i => i.Alt));
            Assert.All(page.Images, image => Assert.True(image.Decoded, $"{image.Alt} did not decode"));
            // The phone shows the narrow drawing (its SVG is 440 wide), the desktop the full-size one.
            Assert.All(page.Images, image => Assert.Equal(screen.Mobile ? HtmlReport.NarrowWidth : PlotRenderer.DefaultWidth, image.NaturalWidth));
            Assert.True(page.PageWidth <= page.ScreenWidth, $"{screen.Name}: the page is {page.PageWidth} px wide on a {page.ScreenWidth} px screen");
            Assert.True(new FileInfo(page.Screenshot).Length > 10_000, "the screenshot is empty");
            // What a reader saw cut off: titles, axis labels and ticks outside a figure's drawing.
            Assert.True(page.TextOutsideFigures.Count == 0, $"{screen.Name}: text outside its figure:\n{string.Join("\n", page.TextOutsideFigures)}");
            // Numbers in prose read as the README says: never a program's E-notation.
            Assert.DoesNotMatch(ENotation(), page.Text);
            Assert.True(page.Text.IndexOf("The answer", StringComparison.Ordinal) < page.Text.IndexOf("Contents", StringComparison.Ordinal), "the answer comes before the contents");
        }

        // The figure files beside the page keep their titles, which must fit too.
        var outside = await PageCheck.TextOutside(browser, Directory.GetFiles(Path.GetDirectoryName(files.Html)!, "*.svg"));
        Assert.True(outside.Count == 0, $"figure files: text outside its figure:\n{string.Join("\n", outside)}");
    }

    [Fact]
    public async Task The_check_catches_text_outside_a_figure()
    {
        var svg = Path.Combine(Folder, "clipped.svg");
        Directory.CreateDirectory(Folder);
        await File.WriteAllTextAsync(svg, """
            <svg xmlns="http://www.w3.org/2000/svg" width="200" height="100">
            <text x="100" y="50" font-size="12">inside</text>
            <text x="-30" y="50" font-size="12">cut on the left</text>
            <text x="150" y="50" font-size="12">32768 cut on the right</text>
            <text x="100" y="50" font-size="12" transform="rotate(-90 10 50)">a long rotated axis label that leaves</text>
            </svg>
            """);
        await using var browser = await HeadlessChromium.Start();

        var outside = await PageCheck.TextOutside(browser, [svg]);

        Assert.Equal(3, outside.Count);
        Assert.DoesNotContain(outside, t => t.Contains("\"inside\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Markup_in_a_finding_is_shown_as_text_and_never_runs()
    {
        const string finding = "<script>console.error('ran')</script><img src=x onerror=\"console.error('ran')\"> stays text";
        var document = new ReportDocument("t", new ReportMetadata(), [new ReportSection("s", "t", finding)]);
        var files = ReportWriter.Write(document, Path.Combine(Folder, "markup"));
        await using var browser = await HeadlessChromium.Start();

        var page = await PageCheck.Run(browser, files.Html, Screen.Desktop, Path.Combine(Folder, "markup.png"));

        Assert.Empty(page.Errors);
        Assert.Empty(page.Images);
        Assert.Contains(finding, page.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_check_catches_console_errors_exceptions_and_broken_images()
    {
        var html = Path.Combine(Folder, "broken.html");
        Directory.CreateDirectory(Folder);
        await File.WriteAllTextAsync(html, """
            <!DOCTYPE html><html><head><title>broken</title><link rel="icon" href="data:,"></head><body>
            <section id="a"><img alt="missing" src="missing.png"></section>
            <script>console.error('logged'); throw new Error('thrown');</script>
            </body></html>
            """);
        await using var browser = await HeadlessChromium.Start();

        var page = await PageCheck.Run(browser, html, Screen.Desktop, Path.Combine(Folder, "broken.png"));

        Assert.Contains(page.Errors, e => e.StartsWith("console error", StringComparison.Ordinal) && e.Contains("logged", StringComparison.Ordinal));
        Assert.Contains(page.Errors, e => e.StartsWith("uncaught exception", StringComparison.Ordinal) && e.Contains("thrown", StringComparison.Ordinal));
        Assert.Contains(page.Errors, e => e.StartsWith("browser error", StringComparison.Ordinal) && e.Contains("missing.png", StringComparison.Ordinal));
        Assert.Equal([new PageImage("missing", 0, false)], page.Images);
        Assert.Equal(["a"], page.SectionIds);
    }

    /// <summary>A number in E-notation as programs write it (4.85E+03, 1e-4), not part of a word.</summary>
    [System.Text.RegularExpressions.GeneratedRegex(@"(?<![\w.])\d+(\.\d+)?[eE][+-]?\d+(?![\w.])")]
    private static partial System.Text.RegularExpressions.Regex ENotation();
}
