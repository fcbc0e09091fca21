using System.CommandLine;
using System.Globalization;
using BatchLab.Diagnostics.Throughput;
using BatchLab.Studies.Findings;

namespace BatchLab.Cli.Commands;

/// <summary>`batchlab diagnose throughput`: updates/s and samples/s against B, the knee, and the fraction of the matmul ceiling.</summary>
public static class DiagnoseThroughputCommand
{
    public static Command Create()
    {
        var defaults = new ThroughputOptions();
        var batches = new Option<string>("--batch") { Description = "Batch sizes B, comma-separated (one forward/backward pass each)", DefaultValueFactory = _ => string.Join(',', defaults.Batches) };
        var oldBatches = OldName.For("--batches", batches);
        var repeats = new Option<int>("--repeats") { Description = "Measurements per batch size after one warm-up (median and range reported)", DefaultValueFactory = _ => defaults.Repeats };
        var seconds = new Option<double>("--seconds") { Description = "Target seconds per measurement", DefaultValueFactory = _ => defaults.Seconds };
        var matmul = new Option<int>("--matmul-size") { Description = "n of the n×n float32 matmul that measures the compute ceiling", DefaultValueFactory = _ => defaults.MatmulSize };
        var command = new Command("throughput", "Training updates/s and samples/s for B = 1 … 4096, the knee (80% of the best samples/s) and the fraction of the measured matmul ceiling")
        {
            batches, oldBatches, repeats, seconds, matmul,
        };
        DiagnoseArguments.AddTo(command, weights: false);
        command.SetAction(parse =>
        {
            var options = defaults with
            {
                Batches = DiagnoseArguments.ParseSizes(OldName.Value(parse, batches, oldBatches)!, "--batch"),
                Repeats = parse.GetValue(repeats),
                Seconds = parse.GetValue(seconds),
                MatmulSize = parse.GetValue(matmul),
            };
            using var data = DiagnoseArguments.LoadData(parse);
            options.Validate(data.Train.Count);
            var (model, _) = DiagnoseArguments.Initial(parse, data);
            var result = ThroughputMeasurement.Run(model, data, data.Name, parse.GetValue(DiagnoseArguments.Model)!, parse.GetValue(DiagnoseArguments.Device)!, options, Output.Log);
            ResultPrinter.Emit(parse, result, ResultFindings.Of(result), parse.GetValue(DiagnoseArguments.Out)?.FullName, "diagnose throughput", Print);

            return ExitCodes.Ok;
        });
        return command;
    }

    static void Print(ThroughputResult r)
    {
        var i = CultureInfo.InvariantCulture;
        Console.WriteLine(string.Create(i, $"{r.Model} on {r.Data}, {r.Where}: {r.TrainingFlopsPerSample / 1e6:G4} MFLOP per training sample; matmul ceiling {r.Ceiling.GflopsPerSecond:F1} GFLOP/s (before the sweep {r.CeilingMeasurements[0].GflopsPerSecond:F1}, after {r.CeilingMeasurements[1].GflopsPerSecond:F1})"));
        Console.WriteLine($"{"B",6} {"updates/s",11} {"samples/s",11} {"range",19} {"GFLOP/s",8} {"ceiling",8}");
        foreach (var row in r.Rows)
        {
            var mark = row.Batch == r.Knee.Batch ? "  ← knee" : "";
            Console.WriteLine(string.Create(i, $"{row.Batch,6} {row.UpdatesPerSecond,11:N0} {row.SamplesPerSecond,11:N0} {$"{row.SamplesPerSecondLow:N0}–{row.SamplesPerSecondHigh:N0}",19} {row.GflopsPerSecond,8:F1} {row.FractionOfCeiling,8:P1}{mark}"));
        }

        Console.WriteLine(string.Create(i, $"({r.Seconds:F1} s)"));
    }
}
