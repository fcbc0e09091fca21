using BatchLab.Diagnostics.Memory;

namespace BatchLab.Cli.Commands;

/// <summary>Human output of `batchlab diagnose memory`: feature-map tallies, memory per M, then the finding.</summary>
static class MemoryText
{
    public static void Print(MemoryResult r)
    {
        Console.WriteLine($"{"forward feature maps per sample",-100} {"floats",14} {"MB",8}");
        foreach (var t in r.FeatureMapTallies)
        {
            Console.WriteLine($"{t.Description,-100} {t.Floats,14:N0} {t.Floats * 4 / 1e6,8:F2}");
        }

        Console.WriteLine();
        Console.WriteLine($"{"M",6} {"predicted",11} {"measured",11} {"error",8} {"s/step",7}");
        foreach (var p in r.Points)
        {
            var measured = p.MeasuredBytes is { } m ? ByteSize.Format(m) : "-";
            var error = p.Error is { } e ? e.ToString("+0.0%;-0.0%") : "-";
            var seconds = p.SecondsPerStep is { } s ? s.ToString("F2") : "-";
            Console.WriteLine($"{p.MicroBatch,6} {ByteSize.Format(p.PredictedBytes),11} {measured,11} {error,8} {seconds,7}");
        }

        if (r.LimitSearch is { } b)
        {
            Console.WriteLine();
            foreach (var t in b.Probes)
            {
                var measured = t.MeasuredBytes is { } m ? ByteSize.Format(m) : "not run";
                Console.WriteLine($"trial {t.Phase.ToString().ToLowerInvariant(),-8} M = {t.MicroBatch,5}: {measured,10} {(t.Fits ? "fits" : "does not fit")} (usable {ByteSize.Format(b.Usable)})");
            }
        }

        Console.WriteLine($"({r.Seconds:F1} s)");
    }
}
