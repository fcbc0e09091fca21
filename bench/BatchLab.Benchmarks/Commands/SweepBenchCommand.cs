using System.CommandLine;
using System.Globalization;
using BatchLab.Cli;
using BatchLab.Studies;
using BatchLab.Sweeps.Specs;
using BatchLab.Training;
using static TorchSharp.torch;

namespace BatchLab.Benchmarks.Commands;

/// <summary>`bench/run sweep`: one sweep's wall time with --fuse off and --fuse auto.</summary>
public static class SweepBenchCommand
{
    public static Command Create()
    {
        var data = new Option<string>("--data") { Description = "Data set", DefaultValueFactory = _ => "mnist" };
        var model = new Option<string>("--model") { Description = "Model spec", DefaultValueFactory = _ => "mlp:100" };
        var batches = new Option<string>("--batch") { Description = "B values (grid syntax)", DefaultValueFactory = _ => "8,32,128" };
        var rates = new Option<string>("--base-lr") { Description = "η̃ values (grid syntax)", DefaultValueFactory = _ => "2^-10..2^-4:2" };
        var seeds = new Option<int>("--seeds") { Description = "Seeds per point", DefaultValueFactory = _ => 2 };
        var epochs = new Option<double>("--epochs") { Description = "Epochs per trial", DefaultValueFactory = _ => 1 };
        var threads = new Option<int?>("--threads") { Description = "Torch threads (default: all cores)" };
        var preset = new Option<string?>("--preset") { Description = "Time a study preset's sweep instead (e.g. quick); --epochs, when given, shortens every trial to that many epochs" };
        var command = new Command("sweep", "Wall time of one sweep (batch × base-lr × seeds) with --fuse off and --fuse auto, in the order off, auto, auto, off (goal: ≥ 4× faster fused)")
        {
            data, model, batches, rates, seeds, epochs, threads, preset,
        };
        command.SetAction(parse =>
        {
            if (parse.GetValue(threads) is int t)
            {
                set_num_threads(t);
            }

            var r = parse.GetValue(preset) is { } name
                ? SweepWallTime.Run(PresetSweep(name, parse.GetResult(epochs) is { Implicit: false } ? parse.GetValue(epochs) : null), Output.Log)
                : SweepWallTime.Run(parse.GetValue(data)!, parse.GetValue(model)!, parse.GetValue(batches)!, parse.GetValue(rates)!,
                    parse.GetValue(seeds), parse.GetValue(epochs), Output.Log);
            if (parse.GetValue(CommonOptions.Json))
            {
                Output.Json(r);
                return ExitCodes.Ok;
            }

            var i = CultureInfo.InvariantCulture;
            Console.WriteLine($"{r.Sweep}: {r.Trials} trials, {r.Threads} threads; {r.Before}");
            foreach (var run in r.Runs)
            {
                Console.WriteLine(string.Create(i, $"--fuse {run.Fuse,-4} {run.WallSeconds,8:F1} s  {run.Counts.Complete} complete, {run.Counts.Diverged} diverged, mean val_error {run.MeanValError:P2}"));
            }

            Console.WriteLine(string.Create(i, $"fused sweep {r.Speedup:F2}× faster"));
            return ExitCodes.Ok;
        });
        return command;
    }

    static SweepSpec PresetSweep(string name, double? epochs)
    {
        var sweep = StudyPresets.Get(name).Sweep;
        return epochs is double e
            ? new SweepSpec(sweep.Base with { Train = sweep.Base.Train with { Budget = new Budget(Epochs: e) } }, sweep.Axes)
            : sweep;
    }
}
