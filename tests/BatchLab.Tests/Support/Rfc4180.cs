using System.Text;

namespace BatchLab.Tests.Support;

/// <summary>
/// A strict RFC 4180 reader for checking what we write: CRLF records, quoted fields with doubled
/// quotes. A quoted empty field reads as "" and an unquoted empty one as null.
/// </summary>
public static class Rfc4180
{
    public static List<List<string?>> Parse(string text)
    {
        var records = new List<List<string?>>();
        var record = new List<string?>();
        var i = 0;
        while (i < text.Length)
        {
            string? field;
            if (text[i] == '"')
            {
                var value = new StringBuilder();
                for (i++; !(text[i] == '"' && (i + 1 == text.Length || text[i + 1] != '"')); i++)
                {
                    value.Append(text[i]);
                    i += text[i] == '"' ? 1 : 0;
                }

                i++;
                field = value.ToString();
            }
            else
            {
                var end = text.IndexOfAny([',', '\r'], i);
                field = end == i ? null : text[i..end];
                i = end;
            }

            record.Add(field);
            if (text[i] == '\r')
            {
                Assert.Equal('\n', text[i + 1]);
                records.Add(record);
                record = [];
                i += 2;
            }
            else
            {
                Assert.Equal(',', text[i]);
                i++;
            }
        }

        return records;
    }
}
