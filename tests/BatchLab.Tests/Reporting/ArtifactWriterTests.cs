using System.Text;
using BatchLab.Reporting;
using BatchLab.Reporting.Plots;
using BatchLab.Text;

namespace BatchLab.Tests.Reporting;

public sealed class ArtifactWriterTests : IDisposable
{
    readonly string directory = Path.Combine(Path.GetTempPath(), $"batchlab-artifacts-{Guid.NewGuid():N}");

    sealed record Artifacts(IReadOnlyList<PlotSpec> Plots, IReadOnlyList<DataTable> Tables) : IArtifacts;

    static readonly DataTable Table = new("throughput", ["batch", "samples_per_s"], [[1, 5000.5], [1024, double.PositiveInfinity]]);
    static readonly PlotSpec Plot = new(
        "throughput", "Throughput", new Axis("batch size B", AxisScale.Log2), new Axis("samples/s"),
        [new Series("measured", [1, 1024], [5000.5, 180000])]);

    [Fact]
    public void Writes_each_table_as_csv_and_each_plot_as_png_and_svg()
    {
        var written = ArtifactWriter.Write(new Artifacts([Plot], [Table]), directory);

        Assert.Equal(["throughput.csv", "throughput.png", "throughput.svg"], written.Select(Path.GetFileName));
        Assert.All(written, path => Assert.True(Path.IsPathFullyQualified(path) && File.Exists(path), path));
        Assert.Equal(CsvFormat.Write(Table), File.ReadAllText(written[0], Encoding.UTF8));
        Assert.Equal(0x89, File.ReadAllBytes(written[1])[0]);
        Assert.Contains("Throughput", RenderedImage.SvgTexts(File.ReadAllText(written[2])));
        Assert.Equal(3, Directory.GetFiles(directory).Length);
    }

    [Fact]
    public void Rewriting_replaces_files_whole_and_leaves_no_temporary_files()
    {
        ArtifactWriter.Write(new Artifacts([], [Table]), directory);
        var smaller = Table with { Rows = [[2, 1.5]] };

        ArtifactWriter.Write(new Artifacts([], [smaller]), directory);

        Assert.Equal("batch,samples_per_s\r\n2,1.5\r\n", File.ReadAllText(Path.Combine(directory, "throughput.csv")));
        Assert.Equal(["throughput.csv"], Directory.GetFiles(directory).Select(Path.GetFileName));
    }

    [Fact]
    public void A_failed_write_keeps_the_old_file_and_removes_its_temporary_copy()
    {
        Directory.CreateDirectory(Path.Combine(directory, "throughput.csv"));

        // The target is a folder, so the final rename fails after the temporary file was written.
        Assert.ThrowsAny<IOException>(() => ArtifactWriter.Write(new Artifacts([], [Table]), directory));
        Assert.Empty(Directory.GetFiles(directory));
    }

    [Theory]
    [InlineData("../escape")]
    [InlineData("a/b")]
    [InlineData(".hidden")]
    [InlineData("")]
    public void An_id_that_is_not_a_plain_file_name_is_rejected_before_writing(string id)
    {
        Assert.Throws<ArgumentException>(() => ArtifactWriter.Write(new Artifacts([], [Table with { Id = id }]), directory));
        Assert.False(Directory.Exists(directory));
    }

    [Fact]
    public void Two_tables_with_one_id_are_rejected()
    {
        var error = Assert.Throws<ArgumentException>(() => ArtifactWriter.Write(new Artifacts([], [Table, Table]), directory));
        Assert.Contains("'throughput'", error.Message);
    }

    public void Dispose()
    {
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
