using System.Diagnostics;

namespace BatchLab.Diagnostics.Throughput;

/// <summary>How many units of work make one measurement of about the target length.</summary>
public static class Calibrate
{
    /// <summary>Runs <paramref name="one"/> (one unit) twice — once to warm up — and scales to <paramref name="seconds"/>; at least 3 units.</summary>
    public static long Units(Action one, double seconds)
    {
        one();
        var watch = Stopwatch.StartNew();
        one();
        return Math.Max(3, (long)(seconds / Math.Max(watch.Elapsed.TotalSeconds, 1e-7)));
    }
}
