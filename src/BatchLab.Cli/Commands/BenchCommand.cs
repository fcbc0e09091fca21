using System.CommandLine;
using System.Globalization;
using BatchLab.Benchmarks;

namespace BatchLab.Cli.Commands;

/// <summary>`batchlab bench ...`: benchmarks that print figures (never timed unit tests).</summary>
public static class BenchCommand
{
    public static Command Create()
    {
        var command = new Command("bench", "Benchmarks that print measured figures (results in docs/performance.md)");
        command.Subcommands.Add(Trainer());
        command.Subcommands.Add(FusedBenchCommand.Create());
        command.Subcommands.Add(CompareBenchCommand.Create());
        command.Subcommands.Add(SweepBenchCommand.Create());
        return command;
    }

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
}
