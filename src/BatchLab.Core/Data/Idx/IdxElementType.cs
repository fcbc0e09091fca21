namespace BatchLab.Data.Idx;

/// <summary>The element type byte of an IDX header (third byte of the magic number).</summary>
public enum IdxElementType : byte
{
    UnsignedByte = 0x08,
    SignedByte = 0x09,
    Int16 = 0x0B,
    Int32 = 0x0C,
    Float32 = 0x0D,
    Float64 = 0x0E,
}

public static class IdxElementTypes
{
    /// <summary>Bytes per element; 0 for a byte that names no IDX type.</summary>
    public static int Size(this IdxElementType type) => type switch
    {
        IdxElementType.UnsignedByte or IdxElementType.SignedByte => 1,
        IdxElementType.Int16 => 2,
        IdxElementType.Int32 or IdxElementType.Float32 => 4,
        IdxElementType.Float64 => 8,
        _ => 0,
    };

    public const string Known = "0x08 ubyte, 0x09 sbyte, 0x0B int16, 0x0C int32, 0x0D float32 or 0x0E float64";
}
