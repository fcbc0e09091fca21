using System.Buffers.Binary;
using System.Runtime.InteropServices;
using static TorchSharp.torch;

namespace BatchLab.Data.Idx;

/// <summary>
/// The contents of one IDX file: element type, dimension sizes and the data bytes exactly as
/// stored (big-endian for multi-byte types). <see cref="ToTensor"/> gives them in host order.
/// </summary>
public sealed record IdxArray(string FileName, IdxElementType ElementType, int[] Shape, byte[] Data)
{
    /// <summary>Size of the first dimension: the number of samples in MNIST-style files.</summary>
    public int Count => Shape[0];

    /// <summary>
    /// A tensor of the file's own type (uint8, int8, int16, int32, float32, float64) and shape.
    /// One copy of the data; multi-byte types are byte-swapped on the way (about 10 ms per 40 MB).
    /// </summary>
    public Tensor ToTensor()
    {
        var shape = Array.ConvertAll(Shape, d => (long)d);
        return ElementType switch
        {
            IdxElementType.UnsignedByte => tensor(Data, shape),
            IdxElementType.SignedByte => tensor(MemoryMarshal.Cast<byte, sbyte>(Data).ToArray(), shape),
            IdxElementType.Int16 => tensor(FromBigEndian<short>(), shape),
            IdxElementType.Int32 => tensor(FromBigEndian<int>(), shape),
            IdxElementType.Float32 => tensor(MemoryMarshal.Cast<int, float>(FromBigEndian<int>()).ToArray(), shape),
            IdxElementType.Float64 => tensor(MemoryMarshal.Cast<long, double>(FromBigEndian<long>()).ToArray(), shape),
            _ => throw new InvalidOperationException($"{FileName}: unknown IDX element type {ElementType}"),
        };
    }

    T[] FromBigEndian<T>()
        where T : unmanaged
    {
        var values = MemoryMarshal.Cast<byte, T>(Data).ToArray();
        if (BitConverter.IsLittleEndian)
        {
            Swap(values);
        }

        return values;
    }

    static void Swap<T>(T[] values)
        where T : unmanaged
    {
        switch (values)
        {
            case short[] s: BinaryPrimitives.ReverseEndianness(s, s); break;
            case int[] i: BinaryPrimitives.ReverseEndianness(i, i); break;
            case long[] l: BinaryPrimitives.ReverseEndianness(l, l); break;
            default: throw new NotSupportedException(typeof(T).Name);
        }
    }
}
