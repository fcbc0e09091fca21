using System.Diagnostics;

namespace BatchLab.Runtime;

/// <summary>A timing summary: median and spread of repeated measurements (seconds per unit).</summary>
public sealed record Timing(double Median, double Min, double Max, int Repeats);

/// <summary>
/// Repeated timing with warm-up. This machine is shared and noisy, so every comparison is made
/// side by side within one run, and the median of several repeats is reported with its range.
/// </summary>
public static class Measure
{
    /// <summary>Runs <paramref name="body"/> (which does <paramref name="units"/> units of work) once to warm up, then <paramref name="repeats"/> times.</summary>
    public static Timing PerUnit(Action body, long units, int repeats = 5)
    {
        body();
        var samples = new double[repeats];
        for (var i = 0; i < repeats; i++)
        {
            var watch = Stopwatch.StartNew();
            body();
            samples[i] = watch.Elapsed.TotalSeconds / units;
        }

        Array.Sort(samples);
        return new Timing(samples[repeats / 2], samples[0], samples[^1], repeats);
    }

    /// <summary>
    /// Interleaves two measurements so that drift in machine load hits both alike, alternating
    /// which goes first (A B, B A, A B, …) so that whatever the first of a pair pays — garbage
    /// from the run before, a cold cache — is shared too; garbage is collected before each run.
    /// <paramref name="clock"/> reads seconds: wall time by default, or <see cref="ProcessorSeconds"/>.
    /// </summary>
    public static (Timing A, Timing B) Paired(Action a, Action b, long units, int repeats = 5, Func<double>? clock = null)
    {
        clock ??= WallSeconds;
        a();
        b();
        var sa = new double[repeats];
        var sb = new double[repeats];
        double Time(Action body)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            var start = clock();
            body();
            return (clock() - start) / units;
        }

        for (var i = 0; i < repeats; i++)
        {
            if (i % 2 == 0)
            {
                sa[i] = Time(a);
                sb[i] = Time(b);
            }
            else
            {
                sb[i] = Time(b);
                sa[i] = Time(a);
            }
        }

        Array.Sort(sa);
        Array.Sort(sb);
        return (new Timing(sa[repeats / 2], sa[0], sa[^1], repeats), new Timing(sb[repeats / 2], sb[0], sb[^1], repeats));
    }

    /// <summary>
    /// Takes turns among <paramref name="rates"/> (each returns units per second it measured
    /// itself, e.g. a training loop timing its own updates): one warm-up round, then
    /// <paramref name="repeats"/> rounds, so drift in machine load hits every one alike.
    /// Returns each one's median seconds per unit with its range.
    /// </summary>
    public static IReadOnlyList<Timing> Alternating(IReadOnlyList<Func<double>> rates, int repeats = 5)
    {
        foreach (var rate in rates)
        {
            rate();
        }

        var samples = rates.Select(_ => new double[repeats]).ToArray();
        for (var i = 0; i < repeats; i++)
        {
            for (var r = 0; r < rates.Count; r++)
            {
                samples[r][i] = 1 / rates[r]();
            }
        }

        return [.. samples.Select(s =>
        {
            Array.Sort(s);
            return new Timing(s[repeats / 2], s[0], s[^1], repeats);
        })];
    }

    public static double WallSeconds() => Stopwatch.GetTimestamp() / (double)Stopwatch.Frequency;

    /// <summary>
    /// CPU seconds this process has run (all threads). On a shared machine with more runnable
    /// threads than cores, wall time mostly measures waiting for a core; CPU time tracks the work.
    /// OpenMP threads that spin while waiting for each other count too, so use it with one thread.
    /// </summary>
    public static double ProcessorSeconds()
    {
        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime.TotalSeconds;
    }
}
