using System.CommandLine;
using System.Globalization;
using BatchLab.Cli;

namespace BatchLab.Benchmarks.Commands;

/// <summary>`bench/run step`: where one update's time goes at small B, phase by phase, at each thread count.</summary>
public static class StepBenchCommand
{
    public static Command Create()
    {
        var model = new Option<string>("--model") { Description = "Model spec", DefaultValueFactory = _ => "mlp:256" };
        var batch = new Option<long>("--batch") { Description = "Batch size B", DefaultValueFactory = _ => 2 };
        var threads = new Option<string>("--threads") { Description = "Torch intra-op thread counts, comma-separated, measured in alternation", DefaultValueFactory = _ => "1,2" };
        var updates = new Option<long>("--updates") { Description = "Updates per measurement", DefaultValueFactory = _ => 2000 };
        var repeats = new Option<int>("--repeats") { Description = "Measurements of each thread count (median reported)", DefaultValueFactory = _ => 5 };
        var command = new Command("step", "Microseconds per update in each phase of the update step (sampler, gather, forward, loss, backward, optimizer, loss read, scopes) against the real trainer")
        {
            model, batch, threads, updates, repeats,
        };
        command.SetAction(parse =>
        {
            var counts = parse.GetValue(threads)!.Split(',').Select(t => int.Parse(t, CultureInfo.InvariantCulture)).ToList();
            var r = StepProfile.Run(parse.GetValue(model)!, parse.GetValue(batch), counts, parse.GetValue(updates), parse.GetValue(repeats));
            if (parse.GetValue(CommonOptions.Json))
            {
                Output.Json(r);
                return ExitCodes.Ok;
            }

            var i = CultureInfo.InvariantCulture;
            Console.WriteLine(string.Create(i, $"{r.Model}, B = {r.Batch}, {r.Updates} updates per measurement; {r.Before}; after: {r.After}"));
            Console.WriteLine($"{"phase",-20} " + string.Join(" ", r.Rows.Select(row => $"{row.Threads + " thr µs",12} {"share",6}")));
            for (var p = 0; p < r.Rows[0].Phases.Count; p++)
            {
                Console.WriteLine(string.Create(i, $"{r.Rows[0].Phases[p].Name,-20} ") + string.Join(" ", r.Rows.Select(row => string.Create(i, $"{row.Phases[p].Microseconds,12:F1} {row.Phases[p].Share,6:P0}"))));
            }

            Console.WriteLine(string.Create(i, $"{"sum of phases",-20} ") + string.Join(" ", r.Rows.Select(row => string.Create(i, $"{row.PhasedMicroseconds,12:F1} {"",6}"))));
            Console.WriteLine(string.Create(i, $"{"trainer, per update",-20} ") + string.Join(" ", r.Rows.Select(row => string.Create(i, $"{row.TrainerMicroseconds,12:F1} {"",6}"))));
            return ExitCodes.Ok;
        });
        return command;
    }
}
