using System.Diagnostics;
using static TorchSharp.torch;

namespace BatchLab.Benchmarks;

/// <summary>
/// The machine's practical compute ceiling: GFLOP/s of a large float32 matrix product
/// (2·n³ operations) with the current thread count, best of a few repeats.
/// </summary>
public static class MatmulCeiling
{
    public static double Gflops(int size = 2048, int repeats = 5)
    {
        using var scope = NewDisposeScope();
        var a = randn(size, size);
        var b = randn(size, size);
        var best = 0.0;
        for (var i = 0; i <= repeats; i++)
        {
            var watch = Stopwatch.StartNew();
            using var product = a.mm(b);
            best = Math.Max(best, 2.0 * size * size * size / watch.Elapsed.TotalSeconds / 1e9);
        }

        return best;
    }
}
