using System.Globalization;
using BatchLab.Text;

namespace BatchLab.Reporting.Document;

/// <summary>
/// A table as shown in a report: the data (written unchanged to CSV), a caption, and how each
/// column's numbers read. Columns without a format read as their name says (<see cref="ColumnFormats"/>:
/// errors in %, per-sample rates as 2^k); others show integers with thousands separators and other
/// numbers with <see cref="NumberFormat.General"/>.
/// </summary>
public sealed record ReportTable(DataTable Data, string Caption)
{
    /// <summary>Formats by column name, e.g. "test_error" → <see cref="NumberFormat.Percent"/> with "diverged" for NaN.</summary>
    public IReadOnlyDictionary<string, NumberFormat> Formats { get; init; } = new Dictionary<string, NumberFormat>();

    /// <summary>
    /// Raw measurements a reader does not read row by row (every draw, every interpolation
    /// point): written to CSV and results.json, and only named with a link on the page.
    /// </summary>
    public bool CsvOnly { get; init; }

    /// <summary>The text shown for one cell: numbers through the column's format, null as empty.</summary>
    public string Text(int column, object? cell)
    {
        var format = Formats.GetValueOrDefault(Data.Columns[column]) ?? ColumnFormats.For(Data.Columns[column]);
        return cell switch
        {
            null => "",
            string s => s,
            bool b => b ? "yes" : "no",
            double or float or decimal => (format ?? NumberFormat.General).Format(Convert.ToDouble(cell, CultureInfo.InvariantCulture)),
            int or long or short or sbyte or byte or uint or ulong or ushort => (format ?? NumberFormat.Integer).Format(Convert.ToDouble(cell, CultureInfo.InvariantCulture)),
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => cell.ToString() ?? "",
        };
    }
}
