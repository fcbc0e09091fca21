using System.Diagnostics;
using static TorchSharp.torch;

namespace BatchLab.Benchmarks;

/// <summary>
/// Memory bandwidth as an SGD update sees it: w += α·g over float32 tensors of a given size
/// (two floats read, one written per element), timed for about <c>seconds</c>. Tensors larger
/// than the caches measure main memory; smaller ones measure the cache they fit in.
/// </summary>
public static class StreamBandwidth
{
    public static double GigabytesPerSecond(long floats, double seconds = 0.5)
    {
        using var w = zeros(floats);
        using var g = ones(floats);
        w.Add_(g, alpha: 1e-3);
        var count = 0;
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed.TotalSeconds < seconds)
        {
            w.Add_(g, alpha: 1e-3);
            count++;
        }

        return count * floats * 12.0 / clock.Elapsed.TotalSeconds / 1e9;
    }
}
