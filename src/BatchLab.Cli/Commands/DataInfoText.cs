using BatchLab.Data;
using BatchLab.Data.Text;

namespace BatchLab.Cli.Commands;

/// <summary>The human-readable form of `batchlab data info`.</summary>
internal static class DataInfoText
{
    public static void Write(DatasetSummary s)
    {
        var kind = s.Task switch
        {
            TaskKind.Classification => $"classification, {s.Classes} classes",
            TaskKind.NextToken => $"next-token prediction, vocabulary {s.Classes}",
            _ => "regression",
        };
        Console.WriteLine($"{s.Name}: {kind}, each sample {string.Join("×", s.SampleShape)}");
        Console.WriteLine($"  source:     {s.Source ?? "-"}{(s.Location is null ? "" : $", {s.Location}")}");
        Console.WriteLine($"  original:   {s.OriginalTrain:N0} train / {s.OriginalTest:N0} test");
        foreach (var (label, split) in new[] { ("train", s.Train), ("validation", s.Validation), ("test", s.Test) })
        {
            var balance = split.ClassCounts is { } c ? "  per class: " + string.Join(" ", c) : "";
            Console.WriteLine($"  {label,-11} {split.Count,7:N0}  [{string.Join(", ", split.Shape)}]{balance}");
        }

        if (s.Text is { } text)
        {
            WriteText(text);
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

    static void WriteText(TextLayout text)
    {
        Console.WriteLine($"  tokens:     {text.Tokens}; a sample is a window of {text.Context} tokens (a run takes the model's context)");
        Console.WriteLine($"  windows:    {text.Windows}");
        Console.WriteLine($"  split:      by document: {text.SplitRule}");
        foreach (var (label, split) in new[] { ("train", text.Train), ("validation", text.Validation), ("test", text.Test) })
        {
            var names = split.DocumentNames.Count <= 12 ? string.Join(", ", split.DocumentNames) : $"{string.Join(", ", split.DocumentNames.Take(12))}, … ({split.DocumentNames.Count:N0}; all in --json)";
            Console.WriteLine($"  {label,-11} {split.Documents,5:N0} documents, {split.Bytes,11:N0} bytes, {split.Tokens,11:N0} tokens, {split.Windows,9:N0} windows: {names}");
        }
    }
}
