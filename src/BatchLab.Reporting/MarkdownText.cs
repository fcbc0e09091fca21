using System.Text;
using System.Text.RegularExpressions;

namespace BatchLab.Reporting;

/// <summary>
/// Escaping for GitHub-flavoured Markdown: text reads as text, whatever characters a finding or a
/// column name holds ("B_crit" must not start italics, "a|b" must not split a table cell).
/// </summary>
internal static partial class MarkdownText
{
    /// <summary>A paragraph: <see cref="Inline"/>, and a start that would make a heading, list, quote or rule is escaped.</summary>
    public static string Escape(string text) => LineStart().Replace(Inline(text), @"$1\$2", 1);

    /// <summary>A table cell: inline text, never empty (an empty cell can collapse the row in some renderers).</summary>
    public static string Cell(string text) => text.Length == 0 ? " " : Inline(text);

    /// <summary>Inline text on one line: punctuation that Markdown or HTML would interpret gets a backslash.</summary>
    public static string Inline(string text)
    {
        var line = text.ReplaceLineEndings(" ");
        var escaped = new StringBuilder(line.Length + 8);
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            // '&' matters only where it could start an entity such as &lt; or &#60;.
            var entity = c == '&' && i + 1 < line.Length && (char.IsAsciiLetter(line[i + 1]) || line[i + 1] == '#');
            if (entity || c is '\\' or '`' or '*' or '_' or '[' or ']' or '<' or '>' or '|' or '~' or '$')
            {
                escaped.Append('\\');
            }

            escaped.Append(c);
        }

        return escaped.ToString();
    }

    [GeneratedRegex(@"^(\s*\d*)([#+=\-.)])")]
    private static partial Regex LineStart();
}
