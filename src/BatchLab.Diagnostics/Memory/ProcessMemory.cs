using System.Globalization;

namespace BatchLab.Diagnostics.Memory;

/// <summary>
/// This process's resident memory on Linux, from /proc: TorchSharp has no CPU memory statistics.
/// The peak (VmHWM) is reset by writing "5" to /proc/self/clear_refs, so one step can be measured
/// on its own. A fresh process per measurement keeps freed but cached allocator memory of an
/// earlier measurement from hiding (or inflating) the next one.
/// </summary>
public static class ProcessMemory
{
    public static bool Supported => File.Exists("/proc/self/status") && File.Exists("/proc/self/clear_refs");

    /// <summary>Current resident set (VmRSS), bytes.</summary>
    public static long ResidentBytes() => Read("VmRSS:");

    /// <summary>Peak resident set since start or since the last <see cref="ResetPeak"/> (VmHWM), bytes.</summary>
    public static long PeakBytes() => Read("VmHWM:");

    public static void ResetPeak() => File.WriteAllText("/proc/self/clear_refs", "5");

    /// <summary>Memory the kernel can give without swapping (MemAvailable), bytes.</summary>
    public static long AvailableBytes() => Read("MemAvailable:", "/proc/meminfo");

    static long Read(string key, string file = "/proc/self/status")
    {
        if (!File.Exists(file))
        {
            throw new BatchLabException($"measuring memory needs Linux's {file}; use the model's prediction alone on this system", BatchLabException.BadInput);
        }

        var line = File.ReadLines(file).FirstOrDefault(l => l.StartsWith(key, StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"{file} has no {key} line");
        var kilobytes = line[key.Length..].Trim().Split(' ')[0];
        return long.Parse(kilobytes, CultureInfo.InvariantCulture) * 1024;
    }
}
