using System.CommandLine;
using System.Globalization;
using BatchLab.Diagnostics.Agreement;
using BatchLab.Studies.Findings;

namespace BatchLab.Cli.Commands;

/// <summary>
/// `batchlab diagnose agreement`: the cosine between mini-batch gradients and the full-data
/// gradient for B = 1, 2, 4, …, N, at initialization and (with --checkpoint) at trained weights.
/// </summary>
public static class DiagnoseAgreementCommand
{
    public static Command Create()
    {
        var defaults = new AgreementOptions();
        var batches = new Option<string?>("--batch") { Description = "Batch sizes, comma-separated (default 1, 2, 4, … below N, N/100 and N)" };
        var oldBatches = OldName.For("--batches", batches);
        var draws = new Option<int>("--draws") { Description = "Mini-batch gradients drawn per batch size", DefaultValueFactory = _ => defaults.Draws };
        var population = new Option<long?>("--population") { Description = "Take the full gradient over a fixed random subset of this many training samples (default: the whole training set)" };
        var noiseBatches = new Option<string>("--noise-batch") { Description = "Batch sizes of the B_simple measurement at the same weights, comma-separated", DefaultValueFactory = _ => string.Join(',', defaults.Noise.Batches) };
        var oldNoiseBatches = OldName.For("--noise-batches", noiseBatches);
        var chunk = new Option<long>("--chunk") { Description = "Samples per forward/backward pass (memory only)", DefaultValueFactory = _ => defaults.Chunk };
        var command = new Command("agreement", "Cosine between mini-batch and full-data gradients against B, at initialization and at a checkpoint, against 1/√(1 + B_simple/B)")
        {
            batches, oldBatches, draws, population, noiseBatches, oldNoiseBatches, chunk,
        };
        DiagnoseArguments.AddTo(command);
        command.SetAction(parse =>
        {
            var options = defaults with
            {
                Batches = OldName.Value(parse, batches, oldBatches) is { } b ? DiagnoseArguments.ParseSizes(b, "--batch") : null,
                Draws = parse.GetValue(draws),
                Population = parse.GetValue(population),
                Chunk = parse.GetValue(chunk),
                Seed = parse.GetValue(DiagnoseArguments.Seed),
                Noise = defaults.Noise with { Batches = DiagnoseArguments.ParseSizes(OldName.Value(parse, noiseBatches, oldNoiseBatches)!, "--noise-batch") },
            };
            using var data = DiagnoseArguments.LoadData(parse);
            var n = options.Population ?? data.Train.Count;
            options.BatchesFor(n);
            options.Noise.Validate(n);
            var points = new[] { DiagnoseArguments.Initial(parse, data) }.ToList();
            if (DiagnoseArguments.Trained(parse, data) is { } trained)
            {
                points.Add(trained);
            }

            var result = GradientAgreement.Run(points, data, data.Name, parse.GetValue(DiagnoseArguments.Model)!, options, Output.Log);
            ResultPrinter.Emit(parse, result, ResultFindings.Of(result), parse.GetValue(DiagnoseArguments.Out)?.FullName, "diagnose agreement", Print);

            return ExitCodes.Ok;
        });
        return command;
    }

    static void Print(AgreementResult r)
    {
        var i = CultureInfo.InvariantCulture;
        foreach (var p in r.Points)
        {
            Console.WriteLine(string.Create(i, $"{r.Model} on {r.Data}, {p.Weights}: B_simple = {p.NoiseScale:G4}, |G|² = {p.FullGradientSquaredNorm:G4} over N = {r.Population:N0}"));
            Console.WriteLine($"{"B",7} {"draws",6} {"mean cos",9} {"s.d.",7} {"predicted",10}");
            foreach (var row in p.Rows)
            {
                var mark = row.Batch == r.HundredthBatch ? "  ← N/100" : "";
                Console.WriteLine(string.Create(i, $"{row.Batch,7} {row.Draws,6} {row.MeanCosine,9:F4} {row.StdCosine,7:F4} {row.PredictedCosine,10:F4}{mark}"));
            }

            Console.WriteLine();
        }

        Console.WriteLine(string.Create(i, $"({r.Seconds:F1} s)"));
    }
}
