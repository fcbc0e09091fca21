using BatchLab.Saddle;

namespace BatchLab.Cli.Commands;

/// <summary>Human output of `batchlab saddle`: one row per configuration, then the computed finding.</summary>
static class SaddleText
{
    public static void Print(SaddleEscapeResult result)
    {
        Console.WriteLine($"{"method",-24} {"escaped",8} {"steps to escape: median (min-max)",-34} {"at minimum",10} {"median steps",12}");
        foreach (var s in result.Summaries)
        {
            var escape = s.MedianStepsToEscape is { } m ? $"{m:F0} ({s.MinStepsToEscape}-{s.MaxStepsToEscape})"
                : s.FixedPoints > 0 ? $"never; {s.FixedPoints} at a float64 fixed point" : "never (most seeds)";
            var minimum = s.MedianStepsToMinimum is { } n ? $"{n:F0}" : "never";
            Console.WriteLine($"{Name(s),-24} {$"{s.Escaped}/{s.Seeds}",8} {escape,-34} {$"{s.ReachedMinimum}/{s.Seeds}",10} {minimum,12}");
        }

        Console.WriteLine($"({result.Seconds:F1} s)");
    }

    static string Name(EscapeSummary s) => s.Method switch
    {
        EscapeMethod.Sgd => $"sgd B={s.Batch}",
        EscapeMethod.Gd when s.StartOffset > 0 => $"gd offset {s.StartOffset:0.##e+0}",
        EscapeMethod.Gd => "gd",
        _ => "perturbed_gd",
    };
}
