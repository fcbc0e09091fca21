using System.CommandLine;
using System.Globalization;
using BatchLab.Cli;
using static TorchSharp.torch;

namespace BatchLab.Benchmarks.Commands;

/// <summary>`bench/run reproducibility`: training samples/s under each MKL_CBWR setting, side by side.</summary>
public static class CbwrBenchCommand
{
    public static Command Create()
    {
        var settings = new Option<string>("--settings") { Description = "MKL_CBWR values separated by ';' (AUTO is MKL's own default: kernels chosen by alignment)", DefaultValueFactory = _ => "AUTO;COMPATIBLE;COMPATIBLE,STRICT;AVX2;AVX2,STRICT" };
        var batches = new Option<string>("--batch") { Description = "Batch sizes, comma-separated", DefaultValueFactory = _ => "32,256" };
        var threads = new Option<int>("--threads") { Description = "Torch intra-op threads", DefaultValueFactory = _ => 1 };
        var seconds = new Option<double>("--seconds") { Description = "Seconds per timed stretch (3 per batch size and round)", DefaultValueFactory = _ => 0.5 };
        var rounds = new Option<int>("--rounds") { Description = "Child processes per setting, taking turns (median reported)", DefaultValueFactory = _ => 3 };
        var child = new Option<bool>("--child") { Description = "Measure in this process under its own MKL_CBWR (used by the benchmark itself)", Hidden = true };
        var command = new Command("reproducibility", "Training samples/s under each MKL_CBWR setting (MKL's conditional numerical reproducibility), one child process per setting, side by side")
        {
            settings, batches, threads, seconds, rounds, child,
        };
        command.SetAction(parse =>
        {
            var list = parse.GetValue(batches)!.Split(',').Select(b => long.Parse(b, CultureInfo.InvariantCulture)).ToList();
            set_num_threads(parse.GetValue(threads));
            var i = CultureInfo.InvariantCulture;
            if (parse.GetValue(child))
            {
                Console.WriteLine(NumericalReproducibility.Setting);
                Console.WriteLine(string.Join(' ', CbwrBenchmark.Measure(list, parse.GetValue(seconds)).Select(r => r.ToString("R", i))));
                return ExitCodes.Ok;
            }

            var report = CbwrBenchmark.Run(parse.GetValue(settings)!.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
                list, parse.GetValue(threads), parse.GetValue(seconds), parse.GetValue(rounds));
            if (parse.GetValue(CommonOptions.Json))
            {
                Output.Json(report);
                return ExitCodes.Ok;
            }

            Console.WriteLine(string.Create(i, $"{report.Model}, {report.Threads} thread(s), samples/s: median of {report.Rounds} child processes per setting (range), relative to the first setting"));
            Console.Write($"{"MKL_CBWR",-18}");
            foreach (var b in list)
            {
                Console.Write($"{"B=" + b,28}");
            }

            Console.WriteLine();
            var reference = report.Rows[0].SamplesPerSecond;
            foreach (var row in report.Rows)
            {
                Console.Write($"{row.Setting,-18}");
                for (var b = 0; b < list.Count; b++)
                {
                    Console.Write(string.Create(i, $"{row.SamplesPerSecond[b],9:N0} ({row.Min[b],7:N0}–{row.Max[b],7:N0}) {row.SamplesPerSecond[b] / reference[b],5:P0}"));
                }

                Console.WriteLine(row.Effective == row.Setting ? "" : $"  (child saw {row.Effective})");
            }

            return ExitCodes.Ok;
        });
        return command;
    }
}
