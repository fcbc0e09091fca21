using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using BatchLab.Reporting.Document;

namespace BatchLab.Reporting;

/// <summary>
/// results.json: the whole <see cref="ReportDocument"/> as data — sections, findings, key figures,
/// tables and plots — in snake_case, with NaN and infinities as the strings "NaN", "Infinity" and
/// "-Infinity", and flagged heatmap cells as [row, column] pairs. It reads back into an equal document.
/// </summary>
public static class ReportJson
{
    public static JsonSerializerOptions Options { get; } = new()
    {
        WriteIndented = true,
        // Only property names: dictionary keys are table column names and must stay as written.
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower), new TableCellConverter(), new GridCellConverter() },
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string Serialize(ReportDocument document) => JsonSerializer.Serialize(document, Options);

    public static ReportDocument Deserialize(string json) =>
        JsonSerializer.Deserialize<ReportDocument>(json, Options) ?? throw new JsonException("results.json holds null, not a report");
}
