using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using BatchLab.Cli;
using BatchLab.Studies;
using BatchLab.Sweeps.Specs;

namespace BatchLab.Benchmarks.Commands;

/// <summary>
/// `bench/run study-budget`: one preset's study run twice, budgeted (the default) and
/// `--exhaustive`, each as `batchlab study` in its own process into one fresh store, printed side
/// by side: wall time, training samples (and as runs of the preset's budget), the recommended
/// (B, M, η̃), the predicted time to target, and whether the two answers agree within one grid
/// step. Goals (issue 21): quick ≤ 60 s end to end, ≤ 8× one run, the same answer.
/// </summary>
public static class StudyBudgetBenchCommand
{
    sealed record Side(string Mode, double WallSeconds, long? StudySamples, long? OneRunSamples, long Batch, long MicroBatch, double? BaseLearningRate, double? Seconds, int Trials);

    public static Command Create()
    {
        var preset = new Option<string>("--preset") { Description = "Study preset to run both ways", DefaultValueFactory = _ => "quick" };
        var workers = new Option<int>("--workers") { Description = "Worker processes of each study (as `batchlab study --workers`)", DefaultValueFactory = _ => Environment.ProcessorCount };
        var skip = new Option<bool>("--budgeted-only") { Description = "Run only the budgeted study (no side-by-side, no agreement)" };
        var command = new Command("study-budget", "A preset's study budgeted and --exhaustive, side by side: wall time, training samples, the answer and whether they agree (goals: quick ≤ 60 s, ≤ 8× one run, same answer within one grid step)")
        {
            preset, workers, skip,
        };
        command.SetAction(parse =>
        {
            var name = parse.GetValue(preset)!;
            var grid = StudyPresets.Get(name).Sweep;
            var folder = Directory.CreateTempSubdirectory("batchlab-study-budget-").FullName;
            var store = $"sqlite:{Path.Combine(folder, "bench.db")}";
            Output.Log($"study-budget: preset {name}, store {store}; load before: {File.ReadAllText("/proc/loadavg").Trim()}");
            var sides = new List<Side> { Run(name, store, folder, parse.GetValue(workers), exhaustive: false) };
            if (!parse.GetValue(skip))
            {
                sides.Add(Run(name, store, folder, parse.GetValue(workers), exhaustive: true));
            }

            var i = CultureInfo.InvariantCulture;
            Console.WriteLine($"preset {name}, {Environment.ProcessorCount} cores, workers {parse.GetValue(workers)}");
            Console.WriteLine($"{"study",-11} {"wall s",7} {"trials",7} {"samples",12} {"runs",6} {"B",6} {"M",6} {"η̃",10} {"time to target",15}");
            foreach (var s in sides)
            {
                Console.WriteLine(string.Create(i,
                    $"{s.Mode,-11} {s.WallSeconds,7:F0} {s.Trials,7} {s.StudySamples,12:N0} {(double?)s.StudySamples / s.OneRunSamples,6:F1} {s.Batch,6} {s.MicroBatch,6} {Rate(s.BaseLearningRate),10} {(s.Seconds is double t ? Text.NumberFormat.Duration.Format(t) : "none"),15}"));
            }

            if (sides.Count == 2)
            {
                var (b, e) = (sides[0], sides[1]);
                var batchStep = Step(grid, GridAxes.Batch.Name);
                var rateStep = Step(grid, GridAxes.BaseLr.Name) ?? Step(grid, GridAxes.Lr.Name);
                var batchOk = Within(b.Batch, e.Batch, batchStep);
                var rateOk = b.BaseLearningRate is double rb && e.BaseLearningRate is double re && Within(rb, re, rateStep);
                Console.WriteLine(string.Create(i, $"agreement: B {(batchOk ? "within" : "NOT within")} one grid step ({b.Batch} vs {e.Batch}), η̃ {(rateOk ? "within" : "NOT within")} one grid step ({Rate(b.BaseLearningRate)} vs {Rate(e.BaseLearningRate)})"));
                Console.WriteLine(string.Create(i, $"budgeted / exhaustive: wall time {b.WallSeconds / e.WallSeconds:F2}, training samples {(double?)b.StudySamples / e.StudySamples:F2}"));
                if (b.Seconds is double pb && e.Seconds is double pe)
                {
                    Console.WriteLine(string.Create(i, $"predicted time to target: budgeted / exhaustive {pb / pe:F2}"));
                }
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    static Side Run(string preset, string store, string folder, int workers, bool exhaustive)
    {
        var mode = exhaustive ? "exhaustive" : "budgeted";
        var root = Root();
        var start = new ProcessStartInfo(Path.Combine(root, "batchlab")) { RedirectStandardOutput = true, WorkingDirectory = root };
        foreach (var a in (string[])["study", "--preset", preset, "--store", store, "--workers", workers.ToString(CultureInfo.InvariantCulture), "--out", Path.Combine(folder, mode), "--json"])
        {
            start.ArgumentList.Add(a);
        }

        if (exhaustive)
        {
            start.ArgumentList.Add("--exhaustive");
        }

        Output.Log($"study-budget: {mode} study…");
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new BatchLabException("could not start ./batchlab");
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        var wall = clock.Elapsed.TotalSeconds;
        if (process.ExitCode != 0)
        {
            throw new BatchLabException($"the {mode} study failed (exit {process.ExitCode}); its messages are above");
        }

        using var json = JsonDocument.Parse(stdout);
        var r = json.RootElement;
        var rec = r.GetProperty("recommendation");
        long? Long(JsonElement e, string p) => e.TryGetProperty(p, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetInt64() : null;
        double? Double(JsonElement e, string p) => e.TryGetProperty(p, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : null;
        return new Side(mode, wall, Long(r, "study_samples"), Long(r, "one_run_samples"), rec.GetProperty("batch").GetInt64(), rec.GetProperty("micro_batch").GetInt64(),
            Double(rec, "base_learning_rate"), Double(rec, "expected_seconds_to_target"), r.GetProperty("trials").GetProperty("total").GetInt32());
    }

    /// <summary>The repository root: the folder above the benchmarks' output that holds the `batchlab` script.</summary>
    static string Root()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "batchlab")) && Directory.Exists(Path.Combine(dir.FullName, "src")))
            {
                return dir.FullName;
            }
        }

        throw new BatchLabException("the `batchlab` script was not found above the benchmarks' folder");
    }

    /// <summary>The grid's smallest ratio between neighbouring values of an axis, or null without one.</summary>
    static double? Step(SweepSpec grid, string axis)
    {
        var values = grid.Axes.FirstOrDefault(a => a.Name == axis)?.Values.Select(v => v.Number).OfType<double>().Order().ToList();
        return values is { Count: >= 2 } ? values.Zip(values.Skip(1), (a, b) => b / a).Min() : null;
    }

    static bool Within(double a, double b, double? step) => Math.Abs(Math.Log(a / b)) <= Math.Log(step ?? 2) + 1e-9;

    static string Rate(double? rate) => rate is double r ? Text.NumberFormat.Rate(r) : "none";
}
