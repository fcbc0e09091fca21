using System.CommandLine;
using System.Globalization;
using BatchLab.Cli;
using static TorchSharp.torch;

namespace BatchLab.Benchmarks.Commands;

/// <summary>`bench/run compare`: single trials, fused groups and PyTorch, side by side, against the matmul ceiling.</summary>
public static class CompareBenchCommand
{
    public static Command Create()
    {
        var models = new Option<string>("--models") { Description = "Model specs, comma-separated", DefaultValueFactory = _ => "mlp:256,simple-cnn" };
        var batches = new Option<string>("--batch") { Description = "Batch sizes, comma-separated", DefaultValueFactory = _ => "1,2,8,32,128,1024" };
        var members = new Option<string>("--members") { Description = "Fused group sizes K, comma-separated", DefaultValueFactory = _ => "4,16,64" };
        var seconds = new Option<double>("--seconds") { Description = "Target seconds per measurement", DefaultValueFactory = _ => 0.5 };
        var repeats = new Option<int>("--repeats") { Description = "Measurements of each loop (median reported)", DefaultValueFactory = _ => 3 };
        var memory = new Option<double>("--max-step-gib") { Description = "Skip fused groups whose step would hold more activations than this", DefaultValueFactory = _ => 3.0 };
        var threads = new Option<int?>("--threads") { Description = "Threads for both sides (default: all cores)" };
        var command = new Command("compare", "Updates/s and samples/s: single trial, fused K trials and PyTorch (Debian python3-torch) at each B, and the fraction of the matmul ceiling")
        {
            models, batches, members, seconds, repeats, memory, threads,
        };
        command.SetAction(parse =>
        {
            if (parse.GetValue(threads) is int t)
            {
                set_num_threads(t);
            }

            static List<T> List<T>(string text, Func<string, T> parse) => [.. text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(parse)];
            var report = ThroughputComparison.Run(
                List(parse.GetValue(models)!, s => s),
                List(parse.GetValue(batches)!, s => long.Parse(s, CultureInfo.InvariantCulture)),
                List(parse.GetValue(members)!, s => int.Parse(s, CultureInfo.InvariantCulture)),
                parse.GetValue(seconds), parse.GetValue(repeats), parse.GetValue(memory), Output.Log);
            if (parse.GetValue(CommonOptions.Json))
            {
                Output.Json(report);
            }
            else
            {
                Print(report);
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>PyTorch's best samples/s at the row's model and B, over its thread configurations.</summary>
    static double BestPyTorch(ThroughputComparisonReport r, ThroughputRow row) =>
        r.Rows.Where(x => x.Model == row.Model && x.Batch == row.Batch && x.Loop.StartsWith("pytorch", StringComparison.Ordinal) && x.Skipped is null)
            .Select(x => x.SamplesPerSecond).DefaultIfEmpty(double.NaN).Max();

    static void Print(ThroughputComparisonReport r)
    {
        var i = CultureInfo.InvariantCulture;
        Console.WriteLine($"{r.Before}; after: {r.After}");
        Console.WriteLine(string.Create(i, $"{r.Threads} threads; matmul ceiling {r.CeilingGflops:F0} GFLOP/s (PyTorch {r.PyTorchCeilingGflops:F0}); PyTorch {r.PyTorch.Torch}, {string.Join("; ", r.PyTorch.Blas)}; pytorch-blas1: {string.Join("; ", r.PyTorchBlas1.Blas)}"));
        Console.WriteLine($"{"model",-12} {"B",5} {"loop",-13} {"K",3} {"updates/s",11} {"samples/s",11} {"ceiling",8} {"/ best PyTorch",15}");
        foreach (var row in r.Rows)
        {
            Console.WriteLine(row.Skipped is { } why
                ? string.Create(i, $"{row.Model,-12} {row.Batch,5} {row.Loop,-9} {row.Members,3} skipped: {why}")
                : string.Create(i, $"{row.Model,-12} {row.Batch,5} {row.Loop,-13} {row.Members,3} {row.UpdatesPerSecond,11:N0} {row.SamplesPerSecond,11:N0} {row.CeilingFraction,8:P1} {row.SamplesPerSecond / BestPyTorch(r, row),14:F2}×"));
        }
    }
}
