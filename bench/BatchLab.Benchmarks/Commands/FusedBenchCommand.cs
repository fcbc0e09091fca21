using System.CommandLine;
using System.Globalization;
using BatchLab.Cli;
using static TorchSharp.torch;

namespace BatchLab.Benchmarks.Commands;

/// <summary>`bench/run fused`: a fused group's samples/s against one trial at the same B and at B = 1024.</summary>
public static class FusedBenchCommand
{
    public static Command Create()
    {
        var model = new Option<string>("--model") { Description = "Model spec (a fusable one: linear, mlp, keskar-f1, lenet5, simple-cnn)", DefaultValueFactory = _ => "mlp:256" };
        var batch = new Option<long>("--batch") { Description = "Batch size B of every member", DefaultValueFactory = _ => 8 };
        var members = new Option<int>("--members") { Description = "Members K of the fused group", DefaultValueFactory = _ => 16 };
        var large = new Option<long>("--large-batch") { Description = "The single-trial batch to compare with", DefaultValueFactory = _ => 1024 };
        var seconds = new Option<double>("--seconds") { Description = "Target seconds per measurement", DefaultValueFactory = _ => 1.0 };
        var repeats = new Option<int>("--repeats") { Description = "Measurements of each configuration (median reported)", DefaultValueFactory = _ => 5 };
        var threads = new Option<int?>("--threads") { Description = "Torch intra-op threads (default: all cores)" };
        var command = new Command("fused", "Samples/s of K fused trials at batch B vs one trial at B and at B = 1024 (goal: fused ≥ 50% of the large batch)")
        {
            model, batch, members, large, seconds, repeats, threads,
        };
        command.SetAction(parse =>
        {
            if (parse.GetValue(threads) is int t)
            {
                set_num_threads(t);
            }

            var r = FusedThroughputBenchmark.Run(parse.GetValue(model)!, parse.GetValue(batch), parse.GetValue(members),
                parse.GetValue(large), parse.GetValue(seconds), parse.GetValue(repeats));
            if (parse.GetValue(CommonOptions.Json))
            {
                Output.Json(r);
                return ExitCodes.Ok;
            }

            var i = CultureInfo.InvariantCulture;
            Console.WriteLine(string.Create(i, $"{r.Model}, {r.Threads} threads, median of {r.Fused.Repeats}"));
            Console.WriteLine(string.Create(i, $"fused K={r.Members} B={r.Batch}: {r.FusedSamplesPerSecond,10:N0} samples/s ({r.FusedMemberUpdatesPerSecond:N0} member updates/s)"));
            Console.WriteLine(string.Create(i, $"single B={r.Batch}:        {r.SingleSamplesPerSecond,10:N0} samples/s ({r.SingleUpdatesPerSecond:N0} updates/s)"));
            Console.WriteLine(string.Create(i, $"single B={r.LargeBatch}:     {r.LargeBatchSamplesPerSecond,10:N0} samples/s"));
            Console.WriteLine(string.Create(i, $"fused / single B={r.Batch}: {r.FusedOverSingle:F2}×; fused / single B={r.LargeBatch}: {r.FusedOverLargeBatch:P0}; single B={r.Batch} / single B={r.LargeBatch}: {r.SingleOverLargeBatch:P0}"));
            Console.WriteLine(string.Create(i, $"memory bound: {r.ParameterBytesPerStep / 1e6:F1} MB of weight and gradient traffic per fused step at {r.StreamGigabytesPerSecond:F1} GB/s (w += α·g on {r.Members} × {r.Parameters:N0} floats) allows at most {r.BandwidthBoundSamplesPerSecond:N0} samples/s = {r.BoundOverLargeBatch:P0} of single B={r.LargeBatch}"));
            var f = r.FirstLayer;
            Console.WriteLine(string.Create(i, $"first layer {f.In}→{f.Out}: fused products (K={r.Members} × B={r.Batch}) forward {f.FusedForward:F1} GFLOP/s, weight gradient {f.FusedWeightGradient:F1} GFLOP/s; one product over {r.Members * r.Batch} samples: {f.MergedForward:F1} and {f.MergedWeightGradient:F1} GFLOP/s"));
            return ExitCodes.Ok;
        });
        return command;
    }
}
