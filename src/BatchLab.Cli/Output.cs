using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace BatchLab.Cli;

/// <summary>Result printing: JSON (snake_case, absent where not measured, non-finite numbers as strings; see <see cref="JsonShapes"/>) or human text.</summary>
public static class Output
{
    public static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        // Not measured: the key is absent, never null.
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        DictionaryKeyPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Writes <paramref name="result"/> as JSON to stdout.</summary>
    public static void Json<T>(T result) =>
        Console.Out.WriteLine(JsonSerializer.Serialize(result, JsonOptions));

    /// <summary>The JSON of <paramref name="result"/>, with its <c>finding</c> added when there is one.</summary>
    public static JsonNode Node<T>(T result, string? finding)
    {
        var node = JsonSerializer.SerializeToNode(result, JsonOptions) ?? new JsonObject();
        if (finding is not null && node is JsonObject o)
        {
            o["finding"] = finding;
        }

        return node;
    }

    /// <summary>A log or progress line for people: always stderr, so stdout stays machine-readable.</summary>
    public static void Log(string line) => Terminal.WriteLine(line);
}
