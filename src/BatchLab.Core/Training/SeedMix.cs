namespace BatchLab.Training;

/// <summary>
/// Derives independent 64-bit seeds from (seed, stream, counter) with SplitMix64 finalisation, so
/// that each random stream (model init, sampler epochs, members of a fused group) is reproducible
/// on its own and never correlated with another.
/// </summary>
public static class SeedMix
{
    public static ulong Of(long seed, long stream, long counter)
    {
        var x = Mix((ulong)seed) ^ Mix((ulong)stream + 0x9E37_79B9_7F4A_7C15UL) ^ Mix((ulong)counter * 0xBF58_476D_1CE4_E5B9UL);
        return Mix(x);
    }

    static ulong Mix(ulong z)
    {
        z += 0x9E37_79B9_7F4A_7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58_476D_1CE4_E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D0_49BB_1331_11EBUL;
        return z ^ (z >> 31);
    }
}
