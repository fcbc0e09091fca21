using BatchLab.Reporting.Document;

namespace BatchLab.Reporting;

/// <summary>
/// Checks a <see cref="ReportDocument"/> before any file is written, so a broken document leaves
/// the output folder as it was. Plot and table ids are checked by <see cref="ArtifactWriter"/>.
/// </summary>
internal static class ReportCheck
{
    public static void Validate(ReportDocument document)
    {
        Require(!string.IsNullOrWhiteSpace(document.Title), "the report has no title");
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var section in document.Sections)
        {
            // Ids become HTML anchors and Markdown links: keep them to characters that need no escaping.
            Require(section.Id.Length > 0 && section.Id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'),
                $"section id '{section.Id}' must be letters, digits, '-' or '_'");
            Require(ids.Add(section.Id), $"two sections share the id '{section.Id}'");
            Require(!string.IsNullOrWhiteSpace(section.Title), $"section '{section.Id}' has no title");
            Require(!string.IsNullOrWhiteSpace(section.Finding), $"section '{section.Id}' has no finding");
            foreach (var table in section.Tables)
            {
                Validate(section.Id, table);
            }
        }
    }

    static void Validate(string section, ReportTable table)
    {
        var data = table.Data;
        foreach (var column in table.Formats.Keys)
        {
            Require(data.Columns.Contains(column), $"section '{section}' table '{data.Id}' formats column '{column}', which it does not have");
        }

        for (var i = 0; i < data.Rows.Count; i++)
        {
            Require(data.Rows[i].Count == data.Columns.Count,
                $"section '{section}' table '{data.Id}' row {i} has {data.Rows[i].Count} cells for {data.Columns.Count} columns");
        }
    }

    static void Require(bool condition, string message)
    {
        if (!condition)
        {
            throw new ArgumentException(message);
        }
    }
}
