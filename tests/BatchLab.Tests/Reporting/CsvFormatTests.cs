using System.Globalization;
using BatchLab.Reporting;
using BatchLab.Tests.Support;
using BatchLab.Text;

namespace BatchLab.Tests.Reporting;

public class CsvFormatTests
{
    [Fact]
    public void Writes_rfc4180_text_exactly()
    {
        var table = new DataTable("t", ["batch", "error", "note"], [[64, 0.5, "plain"], [128, double.NaN, "a, \"quoted\"\r\nline"], [256, null, ""]]);

        Assert.Equal(
            "batch,error,note\r\n64,0.5,plain\r\n128,NaN,\"a, \"\"quoted\"\"\r\nline\"\r\n256,,\"\"\r\n",
            CsvFormat.Write(table));
    }

    [Fact]
    public void Every_double_including_special_values_reads_back_bit_for_bit()
    {
        double[] values = [0.1, 1.0 / 3, -0.0, double.Epsilon, double.MaxValue, -1e-300, 123456789.123456789, double.NaN, double.PositiveInfinity, double.NegativeInfinity];
        var table = new DataTable("d", ["value"], [.. values.Select(v => (IReadOnlyList<object?>)[v])]);

        var read = Rfc4180.Parse(CsvFormat.Write(table)).Skip(1).Select(r => double.Parse(r[0]!, CultureInfo.InvariantCulture)).ToList();

        Assert.Equal(values.Select(BitConverter.DoubleToInt64Bits), read.Select(BitConverter.DoubleToInt64Bits));
        Assert.Equal(["NaN", "Infinity", "-Infinity"], values[^3..].Select(v => CsvFormat.Field(v)));
    }

    [Fact]
    public void Strings_nulls_and_empty_strings_read_back_exactly()
    {
        string?[] cells = ["a,b", "say \"hi\"", "two\nlines", "cr\r\nlf", "", null, " padded ", "ünïcode η̃"];
        var table = new DataTable("s", [.. cells.Select((_, i) => $"c{i}")], [cells]);

        var read = Rfc4180.Parse(CsvFormat.Write(table));

        Assert.Equal(2, read.Count);
        Assert.Equal(cells, read[1]);
    }

    [Fact]
    public void A_row_of_the_wrong_width_names_the_table_and_row()
    {
        var table = new DataTable("ragged", ["a", "b"], [[1, 2], [3]]);

        var error = Assert.Throws<ArgumentException>(() => CsvFormat.Write(table));
        Assert.Contains("table 'ragged' row 1", error.Message);
    }
}
