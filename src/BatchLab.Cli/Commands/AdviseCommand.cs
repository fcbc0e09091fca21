using System.CommandLine;
using System.Globalization;
using BatchLab.Diagnostics.Memory;
using BatchLab.Runs;
using BatchLab.Studies;
using BatchLab.Studies.Advice;
using BatchLab.Studies.Analysis;
using BatchLab.Sweeps.Specs;
using BatchLab.Training;
using BatchLab.Training.Optimizers;

namespace BatchLab.Cli.Commands;

/// <summary>
/// `batchlab advise`: B, M and η for a model and data set from quick measurements (memory model,
/// throughput curve, noise scale over a short run, optional learning-rate probe) and any stored
/// study, with the reason for each, the expected time to target and a data-parallel projection.
/// </summary>
public static class AdviseCommand
{
    static readonly Option<string> Batch = new("--batch") { Description = "B of the short run that measures the noise scale (at least 2)", DefaultValueFactory = _ => "32" };
    static readonly Option<string?> TargetOption = new("--target") { Description = "Target for the expected time to target, e.g. val_error=0.02 (the short run records where it meets it and goes on)" };
    static readonly Option<string?> Memory = new("--memory") { Description = "Memory limit for one training pass (8GiB, 512MiB): caps the micro-batch M" };
    // Not --workers: in study and sweep that means local worker processes; these are machines training one model.
    static readonly Option<int> DataParallel = new("--data-parallel") { Description = "Project K data-parallel workers (1, 2, 4, … up to K machines or devices training one model) under a ring all-reduce cost model", DefaultValueFactory = _ => 8 };
    static readonly Option<int> OldWorkers = OldName.For("--workers", DataParallel);
    static readonly Option<double> ProbeEpochs = new("--probe-epochs") { Description = "Length of the short run that tracks the noise scale (and looks for --target), in epochs", DefaultValueFactory = _ => 1 };
    static readonly Option<string> ProbeLr = new("--probe-lr") { Description = "Per-sample rates η̃ to probe at the recommended B when no study gives η: a comma list (0.001,0.004), powers (2^-12..2^-4:2 = every second power of two from 2^-12 to 2^-4), or none", DefaultValueFactory = _ => DefaultProbe };

    /// <summary>Five short runs of a quarter epoch each: η by default instead of "not measured".</summary>
    const string DefaultProbe = "2^-12..2^-4:2";
    static readonly Option<string?> Study = new("--study") { Description = "Use the finished trials of this stored study (same data and model) for test error and steps to target" };
    static readonly Option<double> Bandwidth = new("--bandwidth") { Description = "Link bandwidth for the projection, Gbit/s", DefaultValueFactory = _ => 10 };
    static readonly Option<double> Latency = new("--latency") { Description = "Latency per all-reduce for the projection, µs", DefaultValueFactory = _ => 50 };

    public static Command Create()
    {
        var command = new Command("advise", "Recommend B, micro-batch M and learning rate from quick measurements (about half a minute) and any stored study, each with its reason")
        {
            DiagnoseArguments.Data, TrainArguments.Model, Batch, TrainArguments.Optimizer, TrainArguments.Momentum, TrainArguments.WeightDecay,
            TrainArguments.Lr, TrainArguments.BaseLr, TargetOption, TrainArguments.Seed, TrainArguments.Dtype, TrainArguments.Device,
            Memory, DataParallel, OldWorkers, ProbeEpochs, ProbeLr, StoreArguments.Store, Study, Bandwidth, Latency, DiagnoseArguments.Threads, DiagnoseArguments.Out,
        };
        DataArguments.AddTo(command);
        command.SetAction(Run);
        return command;
    }

    static int Run(ParseResult parse)
    {
        BatchLab.Runtime.TorchThreads.Set(parse.GetValue(DiagnoseArguments.Threads));
        var spec = new RunSpec(DataArguments.Name(parse, DiagnoseArguments.Data), DataArguments.Options(parse), parse.GetValue(TrainArguments.Model)!, ShortRun(parse));
        spec.Validate();
        var workers = OldName.Value(parse, DataParallel, OldWorkers);
        if (workers < 1)
        {
            throw new BatchLabException($"--data-parallel must be at least 1, got {workers}");
        }

        if (!(parse.GetValue(Bandwidth) > 0) || !(parse.GetValue(Latency) >= 0))
        {
            throw new BatchLabException("--bandwidth (Gbit/s) must be positive and --latency (µs) not negative");
        }

        var options = new AdviceOptions
        {
            Run = spec,
            MemoryLimit = parse.GetValue(Memory) is { } m ? ByteSize.Parse(m) : null,
            Workers = [.. Enumerable.Range(0, 31).Select(i => 1 << i).TakeWhile(k => k < workers).Append(workers)],
            ProbeEpochs = parse.GetValue(ProbeEpochs),
            ProbeBaseRates = parse.GetValue(ProbeLr) is { } grid && !grid.Equals("none", StringComparison.OrdinalIgnoreCase) ? Rates(grid) : null,
            BandwidthBytesPerSecond = parse.GetValue(Bandwidth) * 1e9 / 8,
            LatencySeconds = parse.GetValue(Latency) * 1e-6,
        };
        var trials = StoredTrials(parse, spec);
        var result = Advisor.Run(options, trials, DataArguments.Context(), new StageLog().Write);
        ResultPrinter.Emit(parse, result, null, parse.GetValue(DiagnoseArguments.Out)?.FullName, "advise", Print);

        return ExitCodes.Ok;
    }

    /// <summary>The short run's settings: the options `advise` shares with `train`, the rest at their defaults.</summary>
    static TrainOptions ShortRun(ParseResult parse)
    {
        var lr = parse.GetValue(TrainArguments.Lr);
        var baseLr = parse.GetValue(TrainArguments.BaseLr);
        return new TrainOptions
        {
            Batch = BatchSize.Parse(parse.GetValue(Batch)!),
            Optimizer = new OptimizerOptions(OptimizerOptions.ParseKind(parse.GetValue(TrainArguments.Optimizer)!), parse.GetValue(TrainArguments.Momentum), false, parse.GetValue(TrainArguments.WeightDecay)),
            LearningRate = new LearningRateOptions(Lr: lr ?? (baseLr is null ? 0.1 : null), BaseLr: baseLr),
            Target = parse.GetValue(TargetOption) is { } target ? Target.Parse(target) : null,
            Seed = parse.GetValue(TrainArguments.Seed),
            Precision = PrecisionExtensions.Parse(parse.GetValue(TrainArguments.Dtype)!),
            Device = parse.GetValue(TrainArguments.Device)!,
        };
    }

    static IReadOnlyList<FinishedTrial> StoredTrials(ParseResult parse, RunSpec spec)
    {
        if (parse.GetValue(Study) is not { } name)
        {
            return [];
        }

        using var store = StoreArguments.Open(parse, create: false);
        var finished = StudySolutions.Finished(store, name);
        if (finished.Count == 0)
        {
            throw new BatchLabException($"study '{name}' in {store.Location} has no finished trials; run `batchlab study` or `batchlab sweep` first, or leave out --study");
        }

        var other = finished.Select(f => RunSpec.FromJson(f.Trial.Parameters)).FirstOrDefault(s => s.Data != spec.Data || s.Model != spec.Model);
        return other is null
            ? [.. finished.Select(f => f.Result)]
            : throw new BatchLabException($"study '{name}' trained {other.Model} on {other.Data}, not {spec.Model} on {spec.Data}; pass the same --data and --model");
    }

    static double[] Rates(string grid) =>
        [.. GridSyntax.Parse(grid, "--probe-lr").Select(v => v.Number ?? throw new BatchLabException($"--probe-lr '{grid}': '{v.Word}' is not a rate; write numbers such as 2^-10..2^-4"))];

    static void Print(AdviceResult a)
    {
        var i = CultureInfo.InvariantCulture;
        var r = a.Recommendation;
        Console.WriteLine(string.Create(i, $"{a.Model} on {a.Data} ({a.TrainSize:N0} training samples), measured in {a.Seconds:F0} s{(a.StudyTrials > 0 ? $" with {a.StudyTrials} stored trials" : "")}:"));
        Console.WriteLine();
        Console.WriteLine(string.Create(i, $"  B = {r.Batch:N0}   M = {r.MicroBatch:N0}") + (r.LearningRate is double lr ? string.Create(i, $"   η = {lr:G3} (η̃ = {r.BaseLearningRate:G3})") : "   η: not measured (--probe-lr none was given; pass rates or --study)"));
        Console.WriteLine();
        foreach (var reason in r.Reasons)
        {
            Console.WriteLine("  - " + reason);
        }

        Console.WriteLine();
        Console.WriteLine(a.ExpectedTimeToTarget is { } t
            ? string.Create(i, $"expected time to target: {t.Seconds:G3} s ({t.How})")
            : $"expected time to target: unknown ({a.TimeToTargetNote})");
        Console.WriteLine(string.Create(i, $"noise scale B_simple at the end of the short run: {a.NoiseScale:G3}; hardware knee B = {a.Throughput.Knee.Batch:N0} ({a.Throughput.Knee.BestSamplesPerSecond:N0} samples/s best)"));
        if (a.Adaptive is { } adaptive)
        {
            Console.WriteLine((adaptive.Recommended ? "adaptive batch size: recommended. " : "adaptive batch size: not worth it here. ") + adaptive.Reason);
        }

        Console.WriteLine();
        // Rows that do not apply are hidden: when every K > 1 is a slowdown, one line says so.
        var parallel = a.Projection.Rows.Where(p => p.Workers > 1).ToList();
        if (parallel.Count > 0 && parallel.All(p => p.Speedup < 1))
        {
            var best = parallel.MaxBy(p => p.Speedup)!;
            Console.WriteLine(string.Create(i, $"data parallelism does not pay at B = {a.Projection.Batch:N0}: every K from 2 to {parallel[^1].Workers} is slower than one worker (best {best.Speedup:F2}× at K = {best.Workers}; {a.Projection.GradientBytes:N0} gradient bytes over {a.Projection.BandwidthBytesPerSecond * 8 / 1e9:G3} Gbit/s)."));
            return;
        }

        Console.WriteLine(string.Create(i, $"data-parallel projection at B = {a.Projection.Batch:N0} ({a.Projection.GradientBytes:N0} gradient bytes, {a.Projection.BandwidthBytesPerSecond * 8 / 1e9:G3} Gbit/s, {a.Projection.LatencySeconds * 1e6:G3} µs):"));
        Console.WriteLine($"{"K",4} {"B/K",7} {"compute ms",11} {"all-reduce ms",14} {"speedup",8}");
        foreach (var p in a.Projection.Rows)
        {
            Console.WriteLine(string.Create(i, $"{p.Workers,4} {p.PerWorkerBatch,7:N0} {p.ComputeSeconds * 1e3,11:F3} {p.CommunicationSeconds * 1e3,14:F3} {p.Speedup,8:F2}"));
        }

        Console.WriteLine(a.Caveat);
    }
}
