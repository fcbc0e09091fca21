using System.Text.Json;
using BatchLab.IO;
using BatchLab.Plots;
using BatchLab.Reporting;

namespace BatchLab.Cli;

/// <summary>
/// Writes a result into a folder: result.json (the same JSON `--json` prints), one CSV per table
/// and a PNG and an SVG per figure. Every file is written atomically.
/// </summary>
public static class ResultFiles
{
    public static IReadOnlyList<string> Write<T>(T result, string directory, string label)
        where T : IArtifacts
    {
        Directory.CreateDirectory(directory);
        var json = Path.GetFullPath(Path.Combine(directory, "result.json"));
        AtomicFile.Write(json, JsonSerializer.Serialize(result, Output.JsonOptions));
        var files = new List<string> { json };
        files.AddRange(ArtifactWriter.Write(result, directory));
        Output.Log($"{label}: wrote {files.Count} files to {directory} (result.json, {result.Tables.Count} CSV, {result.Plots.Count} figures as PNG and SVG)");
        return files;
    }
}
