using System.Text.Json.Nodes;
using BatchLab.IO;
using BatchLab.Reporting;
using BatchLab.Reporting.Plots;

namespace BatchLab.Cli;

/// <summary>
/// Writes a result into a folder: result.json (the same JSON `--json` prints), one CSV per table
/// and a PNG and an SVG per figure. Every file is written atomically.
/// </summary>
public static class ResultFiles
{
    public static IReadOnlyList<string> Write(JsonNode result, IArtifacts? artifacts, string directory, string label)
    {
        Directory.CreateDirectory(directory);
        var json = Path.GetFullPath(Path.Combine(directory, "result.json"));
        AtomicFile.Write(json, result.ToJsonString(Output.JsonOptions));
        var files = new List<string> { json };
        artifacts ??= Artifacts.None;
        files.AddRange(ArtifactWriter.Write(artifacts, directory));
        Output.Log($"{label}: wrote {files.Count} files to {directory} (result.json, {artifacts.Tables.Count} CSV, {artifacts.Plots.Count} figures as PNG and SVG)");
        return files;
    }
}
