using BatchLab.Data;

namespace BatchLab.Cli.Commands;

/// <summary>The human-readable form of `batchlab data info`.</summary>
internal static class DataInfoText
{
    public static void Write(DatasetSummary s)
    {
        var kind = s.Task == TaskKind.Classification ? $"classification, {s.Classes} classes" : "regression";
        Console.WriteLine($"{s.Name}: {kind}, each sample {string.Join("×", s.SampleShape)}");
        Console.WriteLine($"  source:     {s.Source ?? "-"}{(s.Location is null ? "" : $", {s.Location}")}");
        Console.WriteLine($"  original:   {s.OriginalTrain:N0} train / {s.OriginalTest:N0} test");
        foreach (var (label, split) in new[] { ("train", s.Train), ("validation", s.Validation), ("test", s.Test) })
        {
            var balance = split.ClassCounts is { } c ? "  per class: " + string.Join(" ", c) : "";
            Console.WriteLine($"  {label,-11} {split.Count,7:N0}  [{string.Join(", ", split.Shape)}]{balance}");
        }

        if (s.Files.Count > 0)
        {
            Console.WriteLine($"  checksums:  {(s.ChecksumsVerified ? "SHA-256 verified" : "recorded, no published values to verify against")}");
            foreach (var f in s.Files)
            {
                Console.WriteLine($"    {f.Sha256}  {f.File}");
            }
        }

        if (s.ClassNames is { Count: > 0 } names)
        {
            Console.WriteLine($"  classes:    {string.Join(", ", names.Take(20))}{(names.Count > 20 ? ", …" : "")}");
        }

        if (s.Standardization is { Means: { } means, Stds: { } stds })
        {
            var per = s.SampleShape.Length > 1 ? "channel" : "feature";
            Console.WriteLine($"  inputs:     standardised per {per} with the training split's statistics: mean {string.Join(" ", means.Take(8).Select(m => m.ToString("G4")))}{(means.Count > 8 ? " …" : "")}, std {string.Join(" ", stds.Take(8).Select(m => m.ToString("G4")))}{(stds.Count > 8 ? " …" : "")}");
        }
        else if (s.Standardization is { } st)
        {
            Console.WriteLine($"  inputs:     scaled to [0, 1], standardised with training mean {st.Mean:G4}, std {st.Std:G4}");
        }
    }
}
