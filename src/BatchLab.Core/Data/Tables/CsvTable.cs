using System.Text;

namespace BatchLab.Data.Tables;

/// <summary>A CSV file's header and rows of text fields, with the line each row started on.</summary>
public sealed record CsvTable(string File, IReadOnlyList<string> Header, IReadOnlyList<(int Line, string[] Fields)> Rows);

/// <summary>
/// Reads comma-separated files as pandas' <c>to_csv(index=False)</c> writes them (RFC 4180: a
/// header row, fields optionally in double quotes, "" for a quote inside quotes, LF or CRLF). A
/// row with another number of fields than the header, an unterminated quote or an empty file is
/// one line naming the file and the line.
/// </summary>
public static class CsvReader
{
    public static CsvTable Read(string path)
    {
        var name = Path.GetFileName(path);
        if (!File.Exists(path))
        {
            throw new BatchLabException($"{name}: no such file: {path}", BatchLabException.BadInput);
        }

        string text;
        try
        {
            text = File.ReadAllText(path, new UTF8Encoding(false, throwOnInvalidBytes: true));
        }
        catch (DecoderFallbackException)
        {
            throw Problem(name, 1, "not UTF-8 text (is it a CSV file?)");
        }

        var records = Records(text, name).Where(r => !(r.Fields.Length == 1 && r.Fields[0].Length == 0)).ToList();
        if (records.Count == 0)
        {
            throw Problem(name, 1, "the file is empty; a CSV file needs a header row and at least one data row");
        }

        var header = records[0].Fields.Select(h => h.Trim()).ToArray();
        if (header.Any(h => h.Length == 0) || header.Distinct(StringComparer.Ordinal).Count() != header.Length)
        {
            throw Problem(name, records[0].Line, "the header row needs a distinct, non-empty name for every column");
        }

        foreach (var (line, fields) in records.Skip(1))
        {
            if (fields.Length != header.Length)
            {
                throw Problem(name, line, $"{fields.Length} fields, but the header has {header.Length} columns");
            }
        }

        return records.Count < 2
            ? throw Problem(name, records[0].Line, "only a header row; the file has no data")
            : new CsvTable(name, header, records.Skip(1).ToList());
    }

    static IEnumerable<(int Line, string[] Fields)> Records(string text, string name)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        int line = 1, start = 1;
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    line += c == '\n' ? 1 : 0;
                    field.Append(c);
                }
            }
            else if (c == '"' && field.Length == 0)
            {
                quoted = true;
            }
            else if (c == ',')
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else if (c is '\n' or '\r')
            {
                if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                {
                    i++;
                }

                fields.Add(field.ToString());
                field.Clear();
                yield return (start, fields.ToArray());
                fields.Clear();
                start = ++line;
            }
            else
            {
                field.Append(c);
            }
        }

        if (quoted)
        {
            throw Problem(name, start, "a quoted field is never closed");
        }

        if (field.Length > 0 || fields.Count > 0)
        {
            fields.Add(field.ToString());
            yield return (start, fields.ToArray());
        }
    }

    static BatchLabException Problem(string name, int line, string what) => new($"{name}:{line}: {what}", BatchLabException.BadInput);
}
