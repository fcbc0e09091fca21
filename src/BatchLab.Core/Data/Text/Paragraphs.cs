using System.Text;

namespace BatchLab.Data.Text;

/// <summary>
/// Cuts one text into documents at blank lines (paragraphs). Each document keeps its trailing
/// line breaks, so the documents laid end to end are the text, byte for byte.
/// </summary>
public static class Paragraphs
{
    public static IReadOnlyList<TextDocument> Of(byte[] utf8)
    {
        var text = Encoding.UTF8.GetString(utf8);
        var documents = new List<TextDocument>();
        var current = new StringBuilder();
        var afterBlank = false;
        var line = 1;
        var startLine = 1;
        foreach (var piece in Lines(text))
        {
            var blank = string.IsNullOrWhiteSpace(piece);
            if (!blank && afterBlank && current.Length > 0)
            {
                documents.Add(Document(current, documents.Count, startLine));
                current.Clear();
                startLine = line;
            }

            current.Append(piece);
            afterBlank = blank;
            line++;
        }

        if (current.Length > 0)
        {
            documents.Add(Document(current, documents.Count, startLine));
        }

        return documents;
    }

    static TextDocument Document(StringBuilder text, int index, int line) =>
        new($"paragraph {index + 1} (line {line})", Encoding.UTF8.GetBytes(text.ToString()));

    /// <summary>The lines of <paramref name="text"/>, each with its line break.</summary>
    static IEnumerable<string> Lines(string text)
    {
        var start = 0;
        while (start < text.Length)
        {
            var end = text.IndexOf('\n', start);
            end = end < 0 ? text.Length : end + 1;
            yield return text[start..end];
            start = end;
        }
    }
}
