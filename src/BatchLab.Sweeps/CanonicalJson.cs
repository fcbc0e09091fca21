using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace BatchLab.Sweeps;

/// <summary>
/// One text per JSON value, so that equal specs and parameters hash and compare equal however
/// they were written: object keys sorted (ordinal), no whitespace, integral numbers written as
/// integers (2.0 and 2 agree) and the others in shortest round-trip form (1e-3 and 0.001 agree).
/// </summary>
public static class CanonicalJson
{
    public static string Canonicalize(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return Canonicalize(document.RootElement);
        }
        catch (JsonException e)
        {
            throw new BatchLabException($"not valid JSON: {e.Message}");
        }
    }

    public static string Canonicalize(JsonElement element)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            Write(writer, element);
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>Lower-case hex SHA-256 of the canonical text's UTF-8 bytes.</summary>
    public static string Sha256(string canonical) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));

    static void Write(Utf8JsonWriter writer, JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                writer.WriteStartObject();
                foreach (var property in element.EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal))
                {
                    writer.WritePropertyName(property.Name);
                    Write(writer, property.Value);
                }

                writer.WriteEndObject();
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (var item in element.EnumerateArray())
                {
                    Write(writer, item);
                }

                writer.WriteEndArray();
                break;
            case JsonValueKind.Number:
                WriteNumber(writer, element);
                break;
            default:
                element.WriteTo(writer);
                break;
        }
    }

    static void WriteNumber(Utf8JsonWriter writer, JsonElement number)
    {
        if (number.TryGetInt64(out var integer))
        {
            writer.WriteNumberValue(integer);
            return;
        }

        var value = number.GetDouble();
        if (Math.Abs(value) < 9.007199254740992e15 && value == Math.Floor(value))
        {
            writer.WriteNumberValue((long)value);
        }
        else
        {
            writer.WriteRawValue(value.ToString("R", CultureInfo.InvariantCulture));
        }
    }
}
