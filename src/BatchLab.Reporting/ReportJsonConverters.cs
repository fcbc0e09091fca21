using System.Text.Json;
using System.Text.Json.Serialization;

namespace BatchLab.Reporting;

/// <summary>
/// A table cell (declared <c>object?</c>) written as its runtime type and read back as the nearest
/// primitive: integers as long, other numbers as double, "NaN"/"Infinity"/"-Infinity" as double
/// (that is how doubles are written), other strings as strings, true/false as bool.
/// </summary>
internal sealed class TableCellConverter : JsonConverter<object>
{
    public override object? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.TokenType switch
    {
        JsonTokenType.Number when reader.TryGetInt64(out var integer) => integer,
        JsonTokenType.Number => reader.GetDouble(),
        JsonTokenType.String => reader.GetString() switch
        {
            "NaN" => double.NaN,
            "Infinity" => double.PositiveInfinity,
            "-Infinity" => double.NegativeInfinity,
            var text => text,
        },
        JsonTokenType.True => true,
        JsonTokenType.False => false,
        _ => throw new JsonException($"a table cell must be a number, string, boolean or null, not {reader.TokenType}"),
    };

    public override void Write(Utf8JsonWriter writer, object value, JsonSerializerOptions options) =>
        JsonSerializer.Serialize(writer, value, value.GetType(), options);
}

/// <summary>A heatmap cell index (row, column) as the array [row, column]; tuples have no JSON form of their own.</summary>
internal sealed class GridCellConverter : JsonConverter<(int Row, int Column)>
{
    public override (int Row, int Column) Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var pair = JsonSerializer.Deserialize<int[]>(ref reader, options);
        return pair is [var row, var column] ? (row, column) : throw new JsonException("a flagged cell must be [row, column]");
    }

    public override void Write(Utf8JsonWriter writer, (int Row, int Column) value, JsonSerializerOptions options)
    {
        writer.WriteStartArray();
        writer.WriteNumberValue(value.Row);
        writer.WriteNumberValue(value.Column);
        writer.WriteEndArray();
    }
}
