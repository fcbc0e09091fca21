using System.CommandLine;
using BatchLab.Saddle;
using BatchLab.Studies.Findings;
using static TorchSharp.torch;

namespace BatchLab.Cli.Commands;

/// <summary>`batchlab saddle`: does noise help gradient descent leave a strict saddle? (Ge et al. 2015)</summary>
public static class SaddleCommand
{
    public static Command Create()
    {
        var defaults = new SaddleEscapeOptions();
        var dim = new Option<int>("--dim") { Description = "Tensor dimension d (d unit vectors to recover)", DefaultValueFactory = _ => defaults.Dimension };
        var seeds = new Option<int>("--seeds") { Description = "Number of seeds (each draws its own hidden tensor and noise)", DefaultValueFactory = _ => defaults.Seeds };
        var batches = new Option<string>("--batch") { Description = "SGD batch sizes: 1,8,64 or 1,2,4,...,1024 (grid syntax, as sweep)", DefaultValueFactory = _ => string.Join(',', defaults.Batches) };
        var oldBatches = OldName.For("--batches", batches);
        var lr = new Option<double>("--lr") { Description = "Learning rate η, the same for every method", DefaultValueFactory = _ => defaults.LearningRate };
        var steps = new Option<int>("--steps") { Description = "Step budget per run", DefaultValueFactory = _ => defaults.StepBudget };
        var margin = new Option<double>("--escape-margin") { Description = "Escaped when f ≤ 1 − margin (saddle f = 1)", DefaultValueFactory = _ => defaults.EscapeMargin };
        var tolerance = new Option<double>("--tolerance") { Description = "Reached the global minimum when f ≤ tolerance (minimum f = 0)", DefaultValueFactory = _ => defaults.MinimumTolerance };
        var offset = new Option<double>("--gd-offset") { Description = "Also run GD from the saddle displaced this far along the negative-curvature direction (0: skip)", DefaultValueFactory = _ => defaults.GdOffset };
        var outDir = new Option<DirectoryInfo?>("--out") { Description = "Write result.json into this folder" };
        var command = new Command("saddle", "Measure escape from a strict saddle: exact GD, SGD at each batch size and perturbed GD (orthogonal tensor decomposition, Ge et al. 2015)")
        {
            dim, seeds, batches, oldBatches, lr, steps, margin, tolerance, offset, outDir,
        };
        command.SetAction(parse =>
        {
            var options = defaults with
            {
                Dimension = parse.GetValue(dim),
                Seeds = parse.GetValue(seeds),
                Batches = [.. DiagnoseArguments.ParseSizes(OldName.Value(parse, batches, oldBatches)!, "--batch").Select(b => checked((int)b))],
                LearningRate = parse.GetValue(lr),
                StepBudget = parse.GetValue(steps),
                EscapeMargin = parse.GetValue(margin),
                MinimumTolerance = parse.GetValue(tolerance),
                GdOffset = parse.GetValue(offset),
            };
            options.Validate();
            // Every tensor here is at most a few thousand numbers: intra-op threads only add synchronisation.
            set_num_threads(1);
            var result = SaddleEscapeExperiment.Run(options, Output.Log);
            ResultPrinter.Emit(parse, result, ResultFindings.Of(result), parse.GetValue(outDir)?.FullName, "saddle", SaddleText.Print);

            return ExitCodes.Ok;
        });
        return command;
    }
}
