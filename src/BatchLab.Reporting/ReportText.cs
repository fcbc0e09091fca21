using System.Globalization;
using BatchLab.Reporting.Document;
using BatchLab.Text;

namespace BatchLab.Reporting;

/// <summary>Text shared by the HTML and Markdown writers, so both say the same thing the same way.</summary>
internal static class ReportText
{
    /// <summary>The metadata that is set, as (label, text, whether the text is code) in display order.</summary>
    public static IEnumerable<(string Label, string Text, bool Code)> Metadata(ReportMetadata metadata)
    {
        if (metadata.Machine is { } machine)
        {
            yield return ("Machine", machine, false);
        }

        if (metadata.Created is { } created)
        {
            yield return ("Date", Date(created), false);
        }

        if (metadata.CommandLine is { } command)
        {
            yield return ("Command", command, true);
        }

        if (metadata.Preset is { } preset)
        {
            yield return ("Preset", preset, false);
        }

        if (metadata.WallSeconds is { } seconds)
        {
            yield return ("Wall time", NumberFormat.Duration.Format(seconds), false);
        }

        if (metadata.Version is { } version)
        {
            yield return ("BatchLab", version, false);
        }
    }

    /// <summary>Paragraphs of a finding or note: separated by blank lines; single line breaks are spaces.</summary>
    public static IEnumerable<string> Paragraphs(string text) =>
        text.Replace("\r\n", "\n", StringComparison.Ordinal)
            .Split("\n\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(p => string.Join(' ', p.Split('\n', StringSplitOptions.TrimEntries)));

    /// <summary>Whether a table column holds only numbers (and empty cells): such columns are right-aligned.</summary>
    public static bool IsNumeric(ReportTable table, int column) =>
        table.Data.Rows.Any(row => row[column] is not null)
        && table.Data.Rows.All(row => row[column] is null or double or float or decimal or int or long or short or sbyte or byte or uint or ulong or ushort);

    static string Date(DateTimeOffset created) =>
        created.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)
        + (created.Offset == TimeSpan.Zero ? " UTC" : created.ToString(" 'UTC'zzz", CultureInfo.InvariantCulture));
}
