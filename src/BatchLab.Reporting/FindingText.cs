using System.Text.RegularExpressions;

namespace BatchLab.Reporting;

/// <summary>
/// A finding as a person reads it: its first sentence is the conclusion (the lead, always shown),
/// the rest is how it was worked out (behind a "details" fold in HTML). A sentence ends at '.', '!'
/// or '?' followed by a space and a capital letter, except after abbreviations (e.g., i.e., al.,
/// vs., cf.), so "2.49%" or "McCandlish et al. 2018" never split one.
/// </summary>
internal static partial class FindingText
{
    public static (string Lead, string Details) Split(string paragraph)
    {
        foreach (Match end in SentenceEnd().Matches(paragraph))
        {
            var before = paragraph[..end.Index];
            if (!Abbreviation().IsMatch(before))
            {
                return (paragraph[..(end.Index + 1)].Trim(), paragraph[(end.Index + 1)..].Trim());
            }
        }

        return (paragraph.Trim(), "");
    }

    [GeneratedRegex(@"[.!?](?=\s+[\p{Lu}(])")]
    private static partial Regex SentenceEnd();

    [GeneratedRegex(@"\b(e\.g|i\.e|al|vs|cf|approx|Fig|Eq)$")]
    private static partial Regex Abbreviation();
}
