using System.Text;
using System.Text.RegularExpressions;
using BatchLab.Reporting;
using BatchLab.Reporting.Document;
using BatchLab.Reporting.Plots;
using BatchLab.Text;

namespace BatchLab.Tests.Reporting;

public sealed partial class ReportWriterTests : IDisposable
{
    readonly string directory = Path.Combine(Path.GetTempPath(), $"batchlab-report-{Guid.NewGuid():N}");

    static readonly ReportSection Section = new("throughput", "Throughput", "Throughput doubles from B = 1 to B = 2.")
    {
        Figures = [new ReportFigure(new PlotSpec("throughput", "Throughput", new Axis("B", AxisScale.Log2), new Axis("samples/s"), [new Series("measured", [1, 2], [10, 20])]), "caption")],
        Tables = [new ReportTable(new DataTable("throughput", ["batch", "samples_per_s"], [[1, 10.0], [2, 20.0]]), "caption")],
    };

    [Fact]
    public void Writes_the_page_markdown_json_and_every_artifact_with_the_page_drawing_its_figures_without_the_title()
    {
        var files = ReportWriter.Write(new ReportDocument("Report", new ReportMetadata(), [Section]), directory);

        Assert.Equal(["report.html", "report.md", "results.json", "throughput.csv", "throughput.png", "throughput.svg"], files.All.Select(Path.GetFileName));
        Assert.All(files.All, path => Assert.True(File.Exists(path), path));
        Assert.Equal(files.All.Order(), Directory.GetFiles(directory).Select(Path.GetFullPath).Order());
        // The file keeps its title; the page's drawing leaves it to the caption below it, so it is never said twice.
        var title = Section.Figures[0].Plot.Title;
        Assert.Contains(title, File.ReadAllText(Path.Combine(directory, "throughput.svg")));
        var page = File.ReadAllText(files.Html);
        var embedded = Encoding.UTF8.GetString(Convert.FromBase64String(ImageSource().Match(page).Groups[1].Value));
        Assert.Contains("<svg", embedded);
        Assert.DoesNotContain(title, embedded);
        Assert.Contains($"</b> {System.Net.WebUtility.HtmlEncode(Section.Figures[0].Caption)}</figcaption>", page);
        Assert.Equal("Report", ReportJson.Deserialize(File.ReadAllText(files.Json)).Title);
    }

    [Theory]
    [InlineData("bad id", "letters, digits")]
    [InlineData("", "letters, digits")]
    public void A_bad_section_id_is_rejected_before_anything_is_written(string id, string message)
    {
        var error = Assert.Throws<ArgumentException>(() => ReportWriter.Write(new ReportDocument("r", new ReportMetadata(), [Section with { Id = id }]), directory));

        Assert.Contains(message, error.Message);
        Assert.False(Directory.Exists(directory));
    }

    [Fact]
    public void Two_sections_with_one_id_and_formats_of_missing_columns_are_rejected()
    {
        var twice = new ReportDocument("r", new ReportMetadata(), [Section, Section with { Figures = [], Tables = [] }]);
        var formats = Section with { Tables = [Section.Tables[0] with { Formats = new Dictionary<string, NumberFormat> { ["speed"] = NumberFormat.General } }] };

        Assert.Contains("share the id 'throughput'", Assert.Throws<ArgumentException>(() => ReportWriter.Write(twice, directory)).Message);
        Assert.Contains("column 'speed'", Assert.Throws<ArgumentException>(() => ReportWriter.Write(new ReportDocument("r", new ReportMetadata(), [formats]), directory)).Message);
        Assert.False(Directory.Exists(directory));
    }

    public void Dispose()
    {
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [GeneratedRegex("<img src=\"data:image/svg\\+xml;base64,([A-Za-z0-9+/=]+)\"")]
    private static partial Regex ImageSource();
}
