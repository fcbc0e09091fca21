using System.Globalization;
using System.Text;
using BatchLab.Text;

namespace BatchLab.Reporting;

/// <summary>
/// RFC 4180 CSV: CRLF line ends, a field quoted (with quotes doubled) when it holds a comma, quote,
/// CR or LF. Numbers use the invariant culture and the shortest text that parses back to the same
/// value; NaN, Infinity and -Infinity are spelled out; null is an empty field, and an empty string
/// is written as "" so the two stay apart.
/// </summary>
public static class CsvFormat
{
    public static string Write(DataTable table)
    {
        var text = new StringBuilder();
        AppendRecord(text, table.Columns);
        for (var i = 0; i < table.Rows.Count; i++)
        {
            var row = table.Rows[i];
            if (row.Count != table.Columns.Count)
            {
                throw new ArgumentException($"table '{table.Id}' row {i} has {row.Count} cells for {table.Columns.Count} columns", nameof(table));
            }

            AppendRecord(text, row);
        }

        return text.ToString();
    }

    public static string Field(object? value) => value switch
    {
        null => "",
        "" => "\"\"",
        string s => Quote(s),
        double d => Number(d),
        float f => double.IsFinite(f) ? f.ToString("R", CultureInfo.InvariantCulture) : Number(f),
        bool b => b ? "true" : "false",
        DateTime t => t.ToString("O", CultureInfo.InvariantCulture),
        DateTimeOffset t => t.ToString("O", CultureInfo.InvariantCulture),
        IFormattable f => Quote(f.ToString(null, CultureInfo.InvariantCulture)),
        _ => Quote(value.ToString() ?? ""),
    };

    static string Number(double value) =>
        double.IsNaN(value) ? "NaN"
        : double.IsPositiveInfinity(value) ? "Infinity"
        : double.IsNegativeInfinity(value) ? "-Infinity"
        : value.ToString("R", CultureInfo.InvariantCulture);

    static string Quote(string text) =>
        text.AsSpan().IndexOfAny(",\"\r\n") < 0 ? text : $"\"{text.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";

    static void AppendRecord<T>(StringBuilder text, IReadOnlyList<T> fields)
    {
        for (var i = 0; i < fields.Count; i++)
        {
            text.Append(i == 0 ? "" : ",").Append(Field(fields[i]));
        }

        text.Append("\r\n");
    }
}
