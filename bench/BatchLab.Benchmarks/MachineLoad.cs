using System.Globalization;

namespace BatchLab.Benchmarks;

/// <summary>
/// The machine a benchmark ran on, and how busy it was: load averages over 1, 5 and 15 minutes
/// (runnable processes; on 2 cores, 2 means fully busy). Figures taken while others compete
/// for the cores are comparable only side by side.
/// </summary>
public sealed record MachineLoad(int Cores, string Cpu, double Load1, double Load5, double Load15)
{
    public static MachineLoad Now()
    {
        var cpu = File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown"
            : "unknown";
        var load = File.Exists("/proc/loadavg")
            ? File.ReadAllText("/proc/loadavg").Split(' ').Take(3).Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray()
            : [double.NaN, double.NaN, double.NaN];
        return new MachineLoad(Environment.ProcessorCount, cpu, load[0], load[1], load[2]);
    }

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Cores} cores ({Cpu}), load {Load1:F2} / {Load5:F2} / {Load15:F2}");
}
