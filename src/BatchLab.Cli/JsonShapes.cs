using System.Text.Json.Nodes;
using System.Text.Json.Schema;
using System.Text.Json.Serialization.Metadata;
using BatchLab.Cli.Commands;
using BatchLab.Data;
using BatchLab.Diagnostics.Agreement;
using BatchLab.Diagnostics.Memory;
using BatchLab.Diagnostics.Noise;
using BatchLab.Diagnostics.Sharpness;
using BatchLab.Diagnostics.Throughput;
using BatchLab.Models;
using BatchLab.Runtime;
using BatchLab.Saddle;
using BatchLab.Studies.Advice;
using BatchLab.Sweeps.Results;
using BatchLab.Sweeps.Workers;
using BatchLab.Training;

namespace BatchLab.Cli;

/// <summary>
/// What each command prints under --json, defined once: the result type it serializes (with
/// <see cref="Output.JsonOptions"/>: snake_case keys, numbers as numbers, an absent key where
/// nothing was measured, NaN and ±∞ as the strings "NaN", "Infinity", "-Infinity"), and whether
/// the finding is added. docs/json/ holds the JSON Schema of each, generated from these types; a
/// test keeps the two equal and checks every command's actual output against its schema.
/// </summary>
public static class JsonShapes
{
    /// <summary>One command's JSON: the command as typed (without options), its result type, and whether a "finding" string is added.</summary>
    public sealed record Shape(string Command, Type Result, bool Finding = false)
    {
        /// <summary>The schema's file name in docs/json/: "diagnose noise" → "diagnose-noise.schema.json".</summary>
        public string FileName => Command.Replace(' ', '-').Replace("SPEC", "spec", StringComparison.Ordinal) + ".schema.json";
    }

    public static IReadOnlyList<Shape> All { get; } =
    [
        new("doctor", typeof(TorchHealthReport)),
        new("data list", typeof(DataList)),
        new("data fetch", typeof(DataCommand.FetchedDataset)),
        new("data info", typeof(DatasetSummary)),
        new("models", typeof(ModelCatalogResult)),
        new("models SPEC", typeof(ModelLayout)),
        new("train", typeof(TrainSummary)),
        new("sweep", typeof(SweepResult)),
        new("worker", typeof(WorkerTally)),
        new("status", typeof(StatusResult)),
        new("export", typeof(StudyExport)),
        new("diagnose noise", typeof(NoiseScaleResult), Finding: true),
        new("diagnose agreement", typeof(AgreementResult), Finding: true),
        new("diagnose sharpness", typeof(SharpnessResult), Finding: true),
        new("diagnose memory", typeof(MemoryResult), Finding: true),
        new("diagnose throughput", typeof(ThroughputResult), Finding: true),
        new("saddle", typeof(SaddleEscapeResult), Finding: true),
        new("retry", typeof(RetryResult)),
        new("study", typeof(StudyResult)),
        new("report", typeof(ReportResult)),
        new("advise", typeof(AdviceResult)),
    ];

    /// <summary>The shape of the command a command line runs ("diagnose noise --draws 8" → diagnose noise; "models mlp:256" → models SPEC).</summary>
    public static Shape? Of(IReadOnlyList<string> args)
    {
        var words = args.TakeWhile(a => !a.StartsWith('-')).ToList();
        if (words is ["models", _, ..])
        {
            return All.Single(s => s.Command == "models SPEC");
        }

        for (var n = Math.Min(2, words.Count); n > 0; n--)
        {
            var command = string.Join(' ', words.Take(n));
            if (All.FirstOrDefault(s => s.Command == command) is { } shape)
            {
                return shape;
            }
        }

        return null;
    }

    /// <summary>
    /// The JSON Schema (draft 2020-12) of a command's output. Every object lists its properties and
    /// allows no others; a property is required unless it may be null (then it is left out).
    /// </summary>
    public static JsonNode Schema(Shape shape)
    {
        var options = new System.Text.Json.JsonSerializerOptions(Output.JsonOptions) { TypeInfoResolver = new DefaultJsonTypeInfoResolver() };
        var schema = options.GetJsonSchemaAsNode(shape.Result, new JsonSchemaExporterOptions
        {
            TreatNullObliviousAsNonNullable = true,
            TransformSchemaNode = Strict,
        });
        if (schema is JsonObject root)
        {
            if (shape.Finding && root["properties"] is JsonObject properties)
            {
                properties["finding"] = new JsonObject { ["type"] = "string", ["description"] = "What the measurement shows, in sentences" };
            }

            var top = new JsonObject
            {
                ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
                ["title"] = $"batchlab {shape.Command} --json",
            };
            foreach (var (key, value) in root.ToList())
            {
                root.Remove(key);
                top[key] = value;
            }

            return top;
        }

        return schema;
    }

    static JsonNode Strict(JsonSchemaExporterContext context, JsonNode node)
    {
        if (context.PropertyInfo is not null && node is JsonObject value)
        {
            WithoutNull(value);
        }

        if (node is not JsonObject schema || context.TypeInfo.Kind != JsonTypeInfoKind.Object || schema["properties"] is not JsonObject properties)
        {
            return node;
        }

        schema["additionalProperties"] = false;
        var required = new JsonArray();
        foreach (var property in context.TypeInfo.Properties)
        {
            var mayBeNull = !property.PropertyType.IsValueType ? property.IsGetNullable : Nullable.GetUnderlyingType(property.PropertyType) is not null;
            if (!mayBeNull && properties.ContainsKey(property.Name))
            {
                required.Add(property.Name);
            }
        }

        schema["required"] = required;
        return schema;
    }

    /// <summary>A property that is null is left out (<see cref="Output.JsonOptions"/>), so its schema never allows null.</summary>
    static void WithoutNull(JsonObject schema)
    {
        if (schema["type"] is JsonArray types && types.Any(t => t?.GetValue<string>() == "null"))
        {
            var rest = types.Select(t => t!.GetValue<string>()).Where(t => t != "null").ToList();
            schema["type"] = rest.Count == 1 ? rest[0] : new JsonArray([.. rest.Select(t => (JsonNode)t)]);
        }

        if (schema["anyOf"] is JsonArray any)
        {
            foreach (var option in any.OfType<JsonObject>().Where(o => o["type"]?.GetValueKind() == System.Text.Json.JsonValueKind.String && o["type"]!.GetValue<string>() == "null").ToList())
            {
                any.Remove(option);
            }
        }
    }
}
