using System.Diagnostics;
using BatchLab.Data;
using BatchLab.Runs;
using BatchLab.Storage.Sql;
using BatchLab.Sweeps;
using BatchLab.Sweeps.Specs;
using BatchLab.Sweeps.Workers;
using BatchLab.Training;

namespace BatchLab.Benchmarks;

/// <summary>One sweep's wall time with fusion on or off, and how its trials ended.</summary>
public sealed record SweepRun(string Fuse, double WallSeconds, TrialCounts Counts, double MeanValError);

public sealed record SweepWallTimeReport(MachineLoad Before, MachineLoad After, int Threads, string Sweep, long Trials, IReadOnlyList<SweepRun> Runs, double Speedup);

/// <summary>
/// Wall time of a whole sweep — everything a worker does (loading the data once, claims,
/// training, evaluations, checkpoints, metrics in the store) — with one in-process
/// worker training trials one at a time (--fuse off) or in fused groups (--fuse auto). The two
/// run in the order off, auto, auto, off, so a drift in machine load hits both alike.
/// </summary>
public static class SweepWallTime
{
    public static SweepWallTimeReport Run(string data, string model, string batches, string baseLrs, int seeds, double epochs, Action<string> log)
    {
        var run = new RunSpec(data, DataOptions.Default, model, new TrainOptions { Budget = new Budget(Epochs: epochs) });
        return Run(new SweepSpec(run, [GridAxis.Parse("batch", batches, "--batch"), GridAxis.Parse("base_lr", baseLrs, "--base-lr"), GridAxis.Seeds(seeds, "--seeds")]), log);
    }

    /// <summary>Times <paramref name="spec"/> (e.g. a study preset's sweep) with --fuse off and --fuse auto.</summary>
    public static SweepWallTimeReport Run(SweepSpec spec, Action<string> log)
    {
        var before = MachineLoad.Now();
        using var warm = RunFactory.LoadData(spec.Base); // the first load fetches and caches; timed loads then cost the same for both
        var runs = new List<SweepRun>();
        foreach (var fuse in new[] { "off", "auto", "auto", "off" })
        {
            runs.Add(Once(spec, fuse == "auto"));
            log($"--fuse {fuse}: {runs[^1].WallSeconds:F1} s");
        }

        double Mean(string fuse) => runs.Where(r => r.Fuse == fuse).Select(r => r.WallSeconds).Average();
        return new SweepWallTimeReport(before, MachineLoad.Now(), TorchSharp.torch.get_num_threads(), spec.ToString(), spec.Count, runs, Mean("off") / Mean("auto"));
    }

    static SweepRun Once(SweepSpec spec, bool fuse)
    {
        var directory = Directory.CreateTempSubdirectory("batchlab-sweep-bench-").FullName;
        try
        {
            using var store = ExperimentStores.Open($"sqlite:{Path.Combine(directory, "sweep.db")}");
            SweepSubmission.Submit(store, "bench", spec);
            var watch = Stopwatch.StartNew();
            var options = new TrialRunOptions();
            var identity = WorkerIdentity.Current();
            ITrialRunner runner = fuse ? new FusedTrialRunner(store, options, identity, "bench") : new TrialRunner(store, options);
            using (runner as IDisposable)
            {
                new Worker(store, runner, new WorkerOptions { Study = "bench", Identity = identity }).Run();
            }

            var seconds = watch.Elapsed.TotalSeconds;
            var summaries = store.TrialsOf("bench").Where(t => t.FinalValues is not null)
                .Select(t => System.Text.Json.JsonSerializer.Deserialize<TrainSummary>(t.FinalValues!, RunSpec.Json)!).ToList();
            return new SweepRun(fuse ? "auto" : "off", seconds, store.Counts("bench"),
                summaries.Where(s => s.ValError is not null).Select(s => s.ValError!.Value).DefaultIfEmpty(double.NaN).Average());
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
