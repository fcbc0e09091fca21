using System.Text.Json;
using System.Text.Json.Nodes;
using BatchLab.Data;
using BatchLab.Runs;
using BatchLab.Training;

namespace BatchLab.Sweeps.Specs;

/// <summary>
/// Reads a sweep spec file (<c>batchlab sweep --spec FILE</c>) and the stored form:
/// <code>
/// { "name": "masters-luschi",                       // optional; --name wins
///   "base": { "data": "mnist", "data_options": {"train_subset": 5000}, "model": "mlp:256",
///             "train": {"budget": {"epochs": 5}} },  // RunSpec JSON; omitted fields take defaults
///   "grid": { "batch": "1,2,4,...,1024,full",        // grid syntax,
///             "base_lr": [0.001, 0.01],              // or a list of values,
///             "seed": 3 } }                          // or, for seeds, a count (0, 1, 2)
/// </code>
/// </summary>
public static partial class SweepSpecJson
{
    static readonly string[] TopKeys = ["name", "base", "grid"];

    /// <param name="strict">Refuse keys of the base run that name no setting: a user's file (a stored spec from an older BatchLab may hold a key since dropped).</param>
    public static (string? Name, SweepSpec Spec) Read(string json, string where, bool strict = true)
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

        // JSON allows a key twice and JsonObject would fail on it later as an internal error:
        // which of two learning rates was meant is the user's to say.
        using (var document = JsonDocument.Parse(json))
        {
            if (RepeatedKey(document.RootElement, "") is { } repeated)
            {
                throw new BatchLabException($"{where}: the key '{repeated}' is given twice; keep one");
            }
        }

        if (root.Select(p => p.Key).FirstOrDefault(k => !TopKeys.Contains(k)) is { } unknown)
        {
            throw new BatchLabException($"{where}: unknown key '{unknown}'; a sweep spec has {string.Join(", ", TopKeys)}");
        }

        var name = root["name"] is JsonValue n && n.TryGetValue<string>(out var text) ? text : null;
        var run = Base(root["base"] ?? throw new BatchLabException($"{where}: 'base' is missing (the run every trial starts from)"), where, strict);
        var axes = (root["grid"] as JsonObject ?? throw new BatchLabException($"{where}: 'grid' is missing or not an object of axis: values"))
            .Select(p => Axis(p.Key, p.Value, $"{where}: grid.{p.Key}"))
            .ToList();
        return (name, new SweepSpec(run, axes));
    }

    static RunSpec Base(JsonNode node, string where, bool strict)
    {
        RunSpec? run;
        try
        {
            run = JsonSerializer.Deserialize<RunSpec>(node.ToJsonString(), strict ? Strict : RunSpec.Json);
        }
        catch (JsonException e) when (UnknownMember().Match(e.Message) is { Success: true } m)
        {
            // "lernrate": 5 inside train was ignored and the default rate used (issue 23).
            throw new BatchLabException($"{where}: unknown key '{m.Groups[1].Value}' at base{e.Path?.TrimStart('$')}; see the run spec's keys in docs/studies.md");
        }
        catch (JsonException e)
        {
            throw new BatchLabException($"{where}: base is not a valid run spec: {e.Message}");
        }

        // A constructor parameter missing from the JSON arrives as null whatever its type says.
        if (run?.Data is null || run.Model is null)
        {
            throw new BatchLabException($"{where}: base needs \"data\" and \"model\"");
        }

        return run with { DataOptions = run.DataOptions ?? DataOptions.Default, Train = run.Train ?? new TrainOptions() };
    }

    /// <summary>The run spec's own settings, refusing keys that name no setting (a typo would otherwise leave the default in force).</summary>
    static readonly JsonSerializerOptions Strict = new(RunSpec.Json) { UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow };

    [System.Text.RegularExpressions.GeneratedRegex("^The JSON property '([^']*)' could not be mapped")]
    private static partial System.Text.RegularExpressions.Regex UnknownMember();

    /// <summary>The path of the first key an object repeats (depth-first), or null.</summary>
    static string? RepeatedKey(JsonElement element, string path)
    {
        if (element.ValueKind == JsonValueKind.Object)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var property in element.EnumerateObject())
            {
                var at = path.Length == 0 ? property.Name : $"{path}.{property.Name}";
                if (!seen.Add(property.Name))
                {
                    return at;
                }

                if (RepeatedKey(property.Value, at) is { } inner)
                {
                    return inner;
                }
            }
        }
        else if (element.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in element.EnumerateArray())
            {
                if (RepeatedKey(item, path) is { } inner)
                {
                    return inner;
                }
            }
        }

        return null;
    }

    static GridAxis Axis(string name, JsonNode? node, string where)
    {
        var kind = GridAxes.Named(name);
        return node switch
        {
            JsonArray list => GridAxis.Create(kind.Name, [.. list.Select(v => Value(v, where))], where),
            JsonValue v when v.TryGetValue<string>(out var text) => GridAxis.Parse(kind.Name, text, where),
            JsonValue v when kind == GridAxes.Seed && v.TryGetValue<int>(out var count) => GridAxis.Seeds(count, where),
            _ => throw new BatchLabException($"{where}: give a list of values or a grid-syntax string ({GridSyntax.Summary})"),
        };
    }

    static GridValue Value(JsonNode? node, string where) => node switch
    {
        JsonValue v when v.TryGetValue<double>(out var number) => GridValue.Of(number),
        JsonValue v when v.TryGetValue<string>(out var word) => GridValue.Of(word),
        _ => throw new BatchLabException($"{where}: values are numbers or strings, got {node?.ToJsonString() ?? "null"}"),
    };
}
