using System.Text.Json.Serialization;
using BatchLab.Reporting.Plots;
using BatchLab.Text;

namespace BatchLab.Reporting.Document;

/// <summary>
/// A report as data: a title, where and how it was produced, and ordered sections. Whoever fills
/// it computes every number and sentence; BatchLab.Reporting only lays it out (HTML, Markdown,
/// JSON, CSV, PNG/SVG), so the same document can be written, tested and compared without drawing.
/// </summary>
public sealed record ReportDocument(string Title, ReportMetadata Metadata, IReadOnlyList<ReportSection> Sections) : IArtifacts
{
    public string? Subtitle { get; init; }

    /// <summary>The answer box shown first; null when the report answers no single question.</summary>
    public ReportAnswer? Answer { get; init; }

    /// <summary>A study's training compute in samples (every trial, rungs included); null for other reports.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? StudySamples { get; init; }

    /// <summary>The samples of one training run of the study preset's budget; null for other reports.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? OneRunSamples { get; init; }

    /// <summary>Every section's figures, in reading order; their ids name the PNG/SVG files.</summary>
    [JsonIgnore]
    public IReadOnlyList<PlotSpec> Plots => [.. Sections.SelectMany(s => s.Figures).Select(f => f.Plot)];

    /// <summary>Every section's tables, in reading order; their ids name the CSV files.</summary>
    [JsonIgnore]
    public IReadOnlyList<DataTable> Tables => [.. Sections.SelectMany(s => s.Tables).Select(t => t.Data)];
}
