using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace BatchLab.Sweeps.Specs;

/// <summary>
/// One value a grid axis takes: a number (B = 32, η = 0.001, seed 2) or a word ("full", "adam").
/// In JSON a number or a string, so a study's spec and a trial's key read naturally.
/// </summary>
[JsonConverter(typeof(GridValueJsonConverter))]
public readonly record struct GridValue
{
    GridValue(double? number, string? word)
    {
        Number = number;
        Word = word;
    }

    public double? Number { get; }

    /// <summary>The word, lower case; null for a number.</summary>
    public string? Word { get; }

    public static GridValue Of(double number) => double.IsFinite(number)
        ? new GridValue(number, null)
        : throw new BatchLabException($"grid values must be finite numbers, got {number}");

    public static GridValue Of(string word) => new(null, word.Trim().ToLowerInvariant());

    /// <summary>The number as a whole number, or null when it is a word or has a fraction.</summary>
    public long? Whole => Number is double x && x == Math.Floor(x) && Math.Abs(x) < 9.007199254740992e15 ? (long)x : null;

    public override string ToString() => Number?.ToString("R", CultureInfo.InvariantCulture) ?? Word!;
}

public sealed class GridValueJsonConverter : JsonConverter<GridValue>
{
    public override GridValue Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.TokenType switch
    {
        JsonTokenType.Number => GridValue.Of(reader.GetDouble()),
        JsonTokenType.String => GridValue.Of(reader.GetString()!),
        _ => throw new JsonException("a grid value is a number or a string"),
    };

    public override void Write(Utf8JsonWriter writer, GridValue value, JsonSerializerOptions options)
    {
        if (value.Whole is long whole)
        {
            writer.WriteNumberValue(whole);
        }
        else if (value.Number is double number)
        {
            writer.WriteNumberValue(number);
        }
        else
        {
            writer.WriteStringValue(value.Word);
        }
    }
}
