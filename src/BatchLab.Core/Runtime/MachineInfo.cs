using static TorchSharp.torch;

namespace BatchLab.Runtime;

/// <summary>The machine in words for reports: CPU model, cores, memory, torch threads, GPU.</summary>
public static class MachineInfo
{
    public static string Describe()
    {
        var cpu = Read("/proc/cpuinfo", "model name") ?? "unknown CPU";
        var memory = Read("/proc/meminfo", "MemTotal") is { } kb && long.TryParse(kb.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0], out var k)
            ? $"{k / 1024.0 / 1024.0:F0} GiB"
            : "unknown memory";
        var gpu = cuda.is_available() ? $"{cuda.device_count()} CUDA device(s)" : "no GPU";
        return $"{cpu}, {Environment.ProcessorCount} cores, {memory}, {get_num_threads()} torch thread{(get_num_threads() == 1 ? "" : "s")}, {gpu}";
    }

    static string? Read(string file, string key)
    {
        if (!File.Exists(file))
        {
            return null;
        }

        var line = File.ReadLines(file).FirstOrDefault(l => l.StartsWith(key, StringComparison.Ordinal));
        return line?[(line.IndexOf(':') + 1)..].Trim();
    }
}
