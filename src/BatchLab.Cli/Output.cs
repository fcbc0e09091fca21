using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using BatchLab.Storage.Sql;

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

    /// <summary>
    /// The passwords of the store this process was given (--store, $BATCHLAB_STORE): no line
    /// this process prints contains them (<see cref="Safe"/>).
    /// </summary>
    public static IReadOnlyList<string> Secrets { get; set; } = [];

    /// <summary>The text with every store password masked (<see cref="StoreSecrets.Scrub"/>).</summary>
    public static string Safe(string text) => StoreSecrets.Scrub(text, Secrets);

    /// <summary>Writes <paramref name="result"/> as JSON to stdout.</summary>
    public static void Json<T>(T result) =>
        Console.Out.WriteLine(Safe(JsonSerializer.Serialize(result, JsonOptions)));

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
    public static void Log(string line) => Terminal.WriteLine(Safe(line));
}
