using System.Globalization;
using System.Text;

namespace BatchLab.Text;

/// <summary>
/// Text from a store or a user shown on a terminal or in a log: control characters (newlines,
/// carriage returns, ANSI escape sequences, bidirectional overrides) become visible escapes such
/// as <c>\n</c> or <c>\u001b</c>, so a name cannot fake a line, move the cursor or recolour output.
/// </summary>
public static class Printable
{
    public static string Escape(string text)
    {
        if (!text.Any(NeedsEscape))
        {
            return text;
        }

        var escaped = new StringBuilder(text.Length + 8);
        foreach (var c in text)
        {
            escaped.Append(c switch
            {
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                '\\' => "\\\\",
                _ when NeedsEscape(c) => string.Create(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}"),
                _ => c.ToString(),
            });
        }

        return escaped.ToString();
    }

    // A backslash only needs escaping once something else does (so "\n" in a name stays tellable from a newline).
    static bool NeedsEscape(char c) =>
        char.IsControl(c) || CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.Format;
}
