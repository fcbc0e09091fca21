using System.CommandLine;
using System.Globalization;
using BatchLab.Cli;

namespace BatchLab.Benchmarks.Commands;

/// <summary>`bench/run ...`: benchmarks that print figures (never timed unit tests).</summary>
public static class BenchCommand
{
    public static IEnumerable<Command> All() =>
    [
        Trainer(),
        Noise(),
        FusedBenchCommand.Create(),
        CompareBenchCommand.Create(),
        SweepBenchCommand.Create(),
        AdaptiveBenchCommand.Create(),
        CbwrBenchCommand.Create(),
        StepBenchCommand.Create(),
        StudyBudgetBenchCommand.Create(),
    ];

    static Command Trainer()
    {
        var batches = new Option<string>("--batch") { Description = "Batch sizes, comma-separated", DefaultValueFactory = _ => "1,8,32,256,1024" };
        var seconds = new Option<double>("--seconds") { Description = "Target seconds per measurement", DefaultValueFactory = _ => 0.5 };
        var command = new Command("trainer", "Trainer updates/s and samples/s for mlp:256 vs a bare forward/backward/step loop (overhead goal: under 10%)")
        {
            batches,
            seconds,
        };
        command.SetAction(parse =>
        {
            var list = parse.GetValue(batches)!.Split(',').Select(b => long.Parse(b, CultureInfo.InvariantCulture)).ToList();
            var report = TrainerOverheadBenchmark.Run(list, parse.GetValue(seconds));
            if (parse.GetValue(CommonOptions.Json))
            {
                Output.Json(report);
                return ExitCodes.Ok;
            }

            Console.WriteLine($"{report.Model}, {report.Threads} threads (median of {report.Rows[0].Trainer.Repeats})");
            Console.WriteLine($"{"B",6} {"trainer upd/s",14} {"samples/s",12} {"bare upd/s",12} {"samples/s",12} {"overhead",9}");
            foreach (var r in report.Rows)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{r.Batch,6} {r.TrainerUpdatesPerSecond,14:N0} {r.TrainerSamplesPerSecond,12:N0} {r.BareUpdatesPerSecond,12:N0} {r.BareSamplesPerSecond,12:N0} {r.OverheadPercent,8:F1}%"));
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    static Command Noise()
    {
        var batches = new Option<string>("--batch") { Description = "Batch sizes, comma-separated (M = ⌈B/2⌉)", DefaultValueFactory = _ => "32,128,1024" };
        var seconds = new Option<double>("--seconds") { Description = "Target seconds per measurement", DefaultValueFactory = _ => 0.5 };
        var threads = new Option<int?>("--threads") { Description = "Torch intra-op threads (default: all cores)" };
        var clock = new Option<string>("--clock") { Description = "wall, or cpu: CPU seconds of this process, steadier on a shared, overloaded machine (use with --threads 1)", DefaultValueFactory = _ => "wall" };
        var command = new Command("noise", "Cost of train --track-noise: training with and without the noise-scale tracker, side by side (goal: under 5%)")
        {
            batches,
            seconds,
            threads,
            clock,
        };
        command.SetAction(parse =>
        {
            if (parse.GetValue(threads) is int n)
            {
                TorchSharp.torch.set_num_threads(n);
            }

            var clockName = parse.GetValue(clock);
            if (clockName is not ("wall" or "cpu"))
            {
                throw new BatchLabException($"--clock '{clockName}' must be wall or cpu", BatchLabException.BadInput);
            }

            var list = parse.GetValue(batches)!.Split(',').Select(b => long.Parse(b, CultureInfo.InvariantCulture)).ToList();
            var report = NoiseTrackingBenchmark.Run(list, parse.GetValue(seconds), cpuClock: clockName == "cpu");
            if (parse.GetValue(CommonOptions.Json))
            {
                Output.Json(report);
                return ExitCodes.Ok;
            }

            Console.WriteLine($"{report.Model}, {report.Threads} threads, {report.Clock} clock (median of {report.Rows[0].Tracked.Repeats}, interleaved); goal: tracking adds {report.GoalPercent}");
            Console.WriteLine($"{"B",6} {"M",5} {"tracked upd/s",14} {"untracked upd/s",16} {"overhead",9} {"M = B upd/s",12} {"M = B/2 cost",13}");
            foreach (var r in report.Rows)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{r.Batch,6} {r.MicroBatch,5} {1 / r.Tracked.Median,14:N0} {1 / r.Untracked.Median,16:N0} {r.OverheadPercent,8:F1}% {1 / r.OnePass.Median,12:N0} {r.SplitCostPercent,12:F1}%"));
            }

            return ExitCodes.Ok;
        });
        return command;
    }
}
