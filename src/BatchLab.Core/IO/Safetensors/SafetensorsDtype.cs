using static TorchSharp.torch;

namespace BatchLab.IO.Safetensors;

/// <summary>The element types of the safetensors format, by their header names.</summary>
internal static class SafetensorsDtype
{
    static readonly (string Name, ScalarType Type)[] Table =
    [
        ("F64", ScalarType.Float64), ("F32", ScalarType.Float32), ("F16", ScalarType.Float16), ("BF16", ScalarType.BFloat16),
        ("I64", ScalarType.Int64), ("I32", ScalarType.Int32), ("I16", ScalarType.Int16), ("I8", ScalarType.Int8),
        ("U8", ScalarType.Byte), ("BOOL", ScalarType.Bool),
    ];

    public static string Known => string.Join(", ", Table.Select(t => t.Name));

    public static ScalarType? Parse(string name) => Table.FirstOrDefault(t => t.Name == name) is { Name: not null } hit ? hit.Type : null;

    public static string Name(ScalarType type) => Table.FirstOrDefault(t => t.Type == type).Name
        ?? throw new ArgumentException($"safetensors has no element type for {type}", nameof(type));

    public static int Size(ScalarType type) => type switch
    {
        ScalarType.Float64 or ScalarType.Int64 => 8,
        ScalarType.Float32 or ScalarType.Int32 => 4,
        ScalarType.Float16 or ScalarType.BFloat16 or ScalarType.Int16 => 2,
        _ => 1,
    };
}
