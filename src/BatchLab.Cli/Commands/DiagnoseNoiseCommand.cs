using System.CommandLine;
using System.Globalization;
using BatchLab.Diagnostics.Gradients;
using BatchLab.Diagnostics.Noise;
using BatchLab.Studies.Findings;

namespace BatchLab.Cli.Commands;

/// <summary>`batchlab diagnose noise`: the gradient noise scale B_simple at given weights (McCandlish et al. 2018).</summary>
public static class DiagnoseNoiseCommand
{
    public static Command Create()
    {
        var defaults = new NoiseScaleOptions();
        var batches = new Option<string>("--batch") { Description = "Batch sizes to sample, comma-separated (at least two); every pair gives an estimate", DefaultValueFactory = _ => string.Join(',', defaults.Batches) };
        var oldBatches = OldName.For("--batches", batches);
        var draws = new Option<int>("--draws") { Description = "Gradients drawn per batch size", DefaultValueFactory = _ => defaults.Draws };
        var chunk = new Option<long>("--chunk") { Description = "Samples per forward/backward pass (memory only)", DefaultValueFactory = _ => defaults.Chunk };
        var command = new Command("noise", "Gradient noise scale B_simple = tr Σ/|G|² at given weights, from pairs of batch sizes, with a bootstrap interval") { batches, oldBatches, draws, chunk };
        DiagnoseArguments.AddTo(command);
        command.SetAction(parse =>
        {
            if (parse.GetValue(DiagnoseArguments.Checkpoint) is not null && parse.GetValue(DiagnoseArguments.Init) is not null)
            {
                throw new BatchLabException("give either --checkpoint or --init, not both: the noise scale is measured at one set of weights", BatchLabException.BadInput);
            }

            var options = defaults with
            {
                Batches = DiagnoseArguments.ParseSizes(OldName.Value(parse, batches, oldBatches)!, "--batch"),
                Draws = parse.GetValue(draws),
                Chunk = parse.GetValue(chunk),
                Seed = parse.GetValue(DiagnoseArguments.Seed),
            };
            using var data = DiagnoseArguments.LoadData(parse);
            options.Validate(data.Train.Count);
            var (model, weights) = DiagnoseArguments.Trained(parse, data) ?? DiagnoseArguments.Initial(parse, data);
            var subject = new DiagnosedModel(data.Name, parse.GetValue(DiagnoseArguments.Model)!, weights);
            var result = NoiseScaleDiagnostic.Run(model, data, subject, options, Output.Log);
            ResultPrinter.Emit(parse, result, ResultFindings.Of(result), parse.GetValue(DiagnoseArguments.Out)?.FullName, "diagnose noise", Print);

            return ExitCodes.Ok;
        });
        return command;
    }

    static void Print(NoiseScaleResult r)
    {
        var i = CultureInfo.InvariantCulture;
        Console.WriteLine($"{r.Subject.Model} on {r.Subject.Data}, {r.Subject.Weights}: N = {r.TrainSize:N0}, P = {r.Parameters:N0}");
        Console.WriteLine($"{"B",7} {"draws",6} {"mean |g_B|²",13} {"s.e.",10}");
        foreach (var n in r.Measurement.Norms)
        {
            Console.WriteLine(string.Create(i, $"{n.Batch,7} {n.Draws.Count,6} {n.Mean,13:G5} {n.StandardError,10:G3}"));
        }

        Console.WriteLine($"{"B",13} {"|G|²",11} {"tr Σ",11} {"B_simple",10} {"90% interval",20}");
        var rows = r.Measurement.Pairs.Select(p => (Name: p.Label, E: p)).ToList();
        if (r.Estimate.Batches.Count > 2)
        {
            rows.Add(("fit, all", r.Estimate));
        }

        foreach (var (name, p) in rows)
        {
            Console.WriteLine(string.Create(i, $"{name,13} {p.GradientSquaredNorm,11:G4} {p.TraceCovariance,11:G4} {p.NoiseScale,10:G4} {$"{p.NoiseScaleSpread.Low:G3} to {p.NoiseScaleSpread.High:G3}",20}"));
        }

        Console.WriteLine(string.Create(i, $"({r.Seconds:F1} s)"));
    }
}
