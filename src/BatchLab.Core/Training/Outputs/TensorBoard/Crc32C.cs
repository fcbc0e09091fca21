namespace BatchLab.Training.Outputs.TensorBoard;

/// <summary>
/// CRC-32C (Castagnoli, reflected polynomial 0x82F63B78) with TFRecord's mask, which TensorBoard
/// checks on every frame. The .NET class library has CRC-32 (IEEE) and CRC-64 only.
/// </summary>
public static class Crc32C
{
    static readonly uint[] Table = [.. Enumerable.Range(0, 256).Select(n =>
    {
        var c = (uint)n;
        for (var k = 0; k < 8; k++)
        {
            c = (c & 1) != 0 ? 0x82F63B78 ^ (c >> 1) : c >> 1;
        }

        return c;
    })];

    public static uint Of(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc = Table[(crc ^ b) & 0xFF] ^ (crc >> 8);
        }

        return crc ^ 0xFFFFFFFFu;
    }

    /// <summary>TFRecord's masked CRC: rotate right by 15 bits and add a constant.</summary>
    public static uint Masked(ReadOnlySpan<byte> data)
    {
        var crc = Of(data);
        return ((crc >> 15) | (crc << 17)) + 0xA282EAD8u;
    }
}
