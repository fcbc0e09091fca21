using BatchLab.Reporting.Document;
using BatchLab.Text;

namespace BatchLab.Tests.Reports;

public class ReportTableTests
{
    static readonly ReportTable Table = new(
        new DataTable("grid", ["batch", "test_error", "note"], [[1024, double.NaN, null], [64L, 0.0213, "ok"]]),
        "grid")
    {
        Formats = new Dictionary<string, NumberFormat> { ["test_error"] = NumberFormat.Percent(1).WithNonFinite("diverged") },
    };

    [Fact]
    public void Cells_read_through_their_column_format()
    {
        Assert.Equal("1,024", Table.Text(0, 1024));
        Assert.Equal("64", Table.Text(0, 64L));
        Assert.Equal("diverged", Table.Text(1, double.NaN));
        Assert.Equal("2.1%", Table.Text(1, 0.0213));
        Assert.Equal("", Table.Text(2, null));
        Assert.Equal("ok", Table.Text(2, "ok"));
    }

    [Fact]
    public void An_integer_cell_in_a_formatted_column_uses_the_format()
    {
        // results.json gives back 1 for 1.0: the text must not change.
        Assert.Equal(Table.Text(1, 1.0), Table.Text(1, 1L));
        Assert.Equal("100.0%", Table.Text(1, 1L));
    }
}
