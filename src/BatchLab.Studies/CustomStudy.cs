using System.Text.Json;
using System.Text.Json.Nodes;
using BatchLab.Sweeps.Specs;

namespace BatchLab.Studies;

/// <summary>
/// A study over a grid of the user's choosing: a sweep spec (the JSON `batchlab sweep --spec`
/// reads) plus, optionally, <c>"diagnostics": "quick" | "smoke" | "none"</c> naming whose
/// diagnostics to run beside it (default quick's).
/// </summary>
public static class CustomStudy
{
    public const string Name = "custom";

    /// <summary>The study name the file gives (null when none) and its preset.</summary>
    public static (string? Name, StudyPreset Preset) FromJson(string json, string where)
    {
        JsonObject root;
        try
        {
            root = JsonNode.Parse(json) as JsonObject ?? throw new BatchLabException($"{where}: expected a JSON object with base and grid");
        }
        catch (JsonException e)
        {
            throw new BatchLabException($"{where}: not valid JSON: {e.Message}");
        }

        var diagnostics = root["diagnostics"] is JsonValue v && v.TryGetValue<string>(out var text) ? text : root["diagnostics"] is null ? "quick" : throw new BatchLabException($"{where}: diagnostics is a preset name (quick, smoke) or none");
        root.Remove("diagnostics");
        var (name, spec) = SweepSpecJson.Read(root.ToJsonString(), where);
        return (name, Of(spec, Diagnostics(diagnostics, where)));
    }

    /// <summary>A study of <paramref name="spec"/> with <paramref name="diagnostics"/> beside its sweep.</summary>
    public static StudyPreset Of(SweepSpec spec, StudyDiagnosticsOptions diagnostics) => new(
        Name,
        $"a custom grid: {spec}",
        "depends on the grid",
        spec,
        diagnostics);

    /// <summary>The diagnostics of preset <paramref name="name"/>, or none.</summary>
    public static StudyDiagnosticsOptions Diagnostics(string name, string where = "--diagnostics") => name.Trim().ToLowerInvariant() switch
    {
        "none" => new StudyDiagnosticsOptions(),
        "quick" or "smoke" => StudyPresets.Get(name).Diagnostics,
        _ => throw new BatchLabException($"{where}: diagnostics '{name}' is not one of quick, smoke, none"),
    };
}
