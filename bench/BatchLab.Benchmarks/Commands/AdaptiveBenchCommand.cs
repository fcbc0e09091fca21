using System.CommandLine;
using System.Globalization;
using BatchLab.Cli;
using BatchLab.Sweeps.Specs;
using BatchLab.Training;
using static TorchSharp.torch;

namespace BatchLab.Benchmarks.Commands;

/// <summary>`bench/run adaptive`: adaptive batch size against the best fixed B, wall time to the target side by side.</summary>
public static class AdaptiveBenchCommand
{
    public static Command Create()
    {
        var data = new Option<string>("--data") { Description = "Data set", DefaultValueFactory = _ => "mnist" };
        var model = new Option<string>("--model") { Description = "Model spec", DefaultValueFactory = _ => "mlp:256" };
        var batches = new Option<string>("--batch") { Description = "Fixed B values (grid syntax); the smallest is the adaptive runs' B₀", DefaultValueFactory = _ => "32,128,512" };
        var rates = new Option<string>("--base-lr") { Description = "η̃ values each fixed B is tried with (grid syntax)", DefaultValueFactory = _ => "2^-8,2^-6" };
        var target = new Option<string>("--target") { Description = "Target every run trains to", DefaultValueFactory = _ => "val_error=0.05" };
        var seeds = new Option<int>("--seeds") { Description = "Seeds per configuration", DefaultValueFactory = _ => 2 };
        var epochs = new Option<double>("--max-epochs") { Description = "Budget: a run that has not met the target by then counts as not reached", DefaultValueFactory = _ => 3 };
        var max = new Option<long>("--max-batch") { Description = "Largest B the adaptive policies may pick", DefaultValueFactory = _ => 2048 };
        var threads = new Option<int?>("--threads") { Description = "Torch threads (default: all cores)" };
        var command = new Command("adaptive", "Wall time to the target: the goodput and schedule policies against each fixed B, interleaved (goal: goodput ≤ 0.8× the best fixed B, overhead < 5%)")
        {
            data, model, batches, rates, target, seeds, epochs, max, threads,
        };
        command.SetAction(parse =>
        {
            if (parse.GetValue(threads) is int t)
            {
                set_num_threads(t);
            }

            var r = AdaptiveBenchmark.Run(parse.GetValue(data)!, parse.GetValue(model)!, Target.Parse(parse.GetValue(target)!),
                [.. GridSyntax.Parse(parse.GetValue(batches)!, "--batch").Select(v => v.Whole ?? throw new BatchLabException("--batch takes whole numbers here"))],
                [.. GridSyntax.Parse(parse.GetValue(rates)!, "--base-lr").Select(v => v.Number ?? throw new BatchLabException("--base-lr takes numbers"))],
                parse.GetValue(seeds), parse.GetValue(epochs), parse.GetValue(max), Output.Log);
            if (parse.GetValue(CommonOptions.Json))
            {
                Output.Json(r);
                return ExitCodes.Ok;
            }

            var i = CultureInfo.InvariantCulture;
            Console.WriteLine($"{r.Model} on {r.Data}, target {r.Target}, {r.Threads} threads; {r.Before}");
            Console.WriteLine(string.Create(i, $"throughput table measured in {r.ThroughputSeconds:F1} s (once, before training; not in the wall times below)"));
            Console.WriteLine($"{"configuration",-12} {"η̃",8} {"reached",8} {"wall s",8} {"updates",9} {"samples",9} {"test err",9} {"spread",14} {"policy %",9}");
            foreach (var s in r.Summaries)
            {
                Console.WriteLine(string.Create(i,
                    $"{s.Configuration,-12} {s.BaseLearningRate,8:G3} {s.Reached + "/" + s.Seeds,8} {s.MedianWallSeconds,8:F2} {s.MedianUpdates,9:N0} {s.MedianSamples,9:N0} {s.MedianTestError,9:P2} {$"{s.MinTestError:P2}–{s.MaxTestError:P2}",14} {s.PolicyOverheadPercent,8:F1}%"));
            }

            Console.WriteLine($"best fixed B: {r.BestFixed}");
            Console.WriteLine(r.GoodputOverBestFixed is double g ? string.Create(i, $"goodput wall time / best fixed: {g:F2} (goal ≤ 0.8)") : "goodput: did not reach the target with every seed");
            Console.WriteLine(r.ScheduleUpdatesOverTwin is double u ? string.Create(i, $"schedule updates / its fixed twin at B₀: {u:F2}") : "schedule: did not reach the target with every seed");
            return ExitCodes.Ok;
        });
        return command;
    }
}
