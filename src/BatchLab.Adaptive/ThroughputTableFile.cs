using System.Text.Json;
using System.Text.Json.Nodes;
using BatchLab.IO;

namespace BatchLab.Adaptive;

/// <summary>
/// A throughput table on disk: <c>{"points": [{"batch": 32, "samples_per_second": 7864}, …]}</c>,
/// as `train` writes it beside a goodput run (throughput.json); `diagnose throughput`'s
/// result.json (its <c>rows</c>) reads too. Reusing one makes runs decide on the same numbers.
/// </summary>
public static class ThroughputTableFile
{
    public static void Write(string path, ThroughputTable table) => AtomicFile.Write(path, new JsonObject
    {
        ["points"] = new JsonArray([.. table.Points.Select(p => (JsonNode)new JsonObject { ["batch"] = p.Batch, ["samples_per_second"] = p.SamplesPerSecond })]),
    }.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));

    public static ThroughputTable Read(string path)
    {
        try
        {
            var root = JsonNode.Parse(File.ReadAllText(path)) as JsonObject;
            var rows = (root?["points"] ?? root?["rows"]) as JsonArray
                ?? throw new BatchLabException($"{path}: no 'points' (or 'rows') array of batch and samples_per_second", BatchLabException.BadInput);
            var table = new ThroughputTable(rows.OfType<JsonObject>().Select(r => ((long)r["batch"]!, (double)r["samples_per_second"]!)));
            return table.IsEmpty ? throw new BatchLabException($"{path}: no positive throughput in it", BatchLabException.BadInput) : table;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException or NullReferenceException)
        {
            throw new BatchLabException($"{path} is not a throughput table: {e.Message.Split('\n')[0]}", BatchLabException.BadInput);
        }
        catch (IOException e)
        {
            throw new BatchLabException($"cannot read the throughput table {path}: {e.Message}", BatchLabException.BadInput);
        }
    }
}
