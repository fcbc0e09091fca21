using System.Diagnostics;
using BatchLab.Adaptive;
using BatchLab.Data;
using BatchLab.Runs;
using BatchLab.Training;
using BatchLab.Training.Adaptive;

namespace BatchLab.Benchmarks;

/// <summary>One run to the target: a fixed B at one η̃, or an adaptive policy.</summary>
public sealed record AdaptiveRun(
    string Configuration, long Seed, double BaseLearningRate, bool Reached, long Updates, long Samples,
    double WallSeconds, double StepSeconds, double PolicySeconds, double FinalBatch, double TestError, double TrainError);

/// <summary>A configuration over seeds: median wall time to the target and the spread of test error.</summary>
public sealed record AdaptiveSummary(string Configuration, double BaseLearningRate, int Reached, int Seeds, double MedianWallSeconds, double MedianUpdates, double MedianSamples, double MedianTestError, double MinTestError, double MaxTestError, double PolicyOverheadPercent);

public sealed record ThroughputPoint(long Batch, double SamplesPerSecond);

public sealed record AdaptiveReport(
    MachineLoad Before, MachineLoad After, int Threads, string Data, string Model, string Target,
    IReadOnlyList<ThroughputPoint> Throughput, double ThroughputSeconds,
    IReadOnlyList<AdaptiveRun> Runs, IReadOnlyList<AdaptiveSummary> Summaries,
    string BestFixed, double? GoodputOverBestFixed, double? ScheduleUpdatesOverTwin);

/// <summary>
/// Adaptive batch size against the best fixed B, side by side in one process: every
/// configuration (each fixed B at each η̃, the goodput policy starting at the smallest B with its
/// best η̃, and the schedule policy beside its fixed twin at B₀) trains each seed to the target,
/// round-robin (seed by seed, the order reversed every other seed), so a drift in machine load
/// hits all alike. Wall time is the training loop's, evaluations included (every configuration
/// evaluates at the same sample counts); the goodput policy's throughput table is measured once
/// beforehand and its time is reported apart.
/// </summary>
public static class AdaptiveBenchmark
{
    public static AdaptiveReport Run(string dataName, string model, Target target, IReadOnlyList<long> batches, IReadOnlyList<double> baseRates, int seeds, double maxEpochs, long maxBatch, Action<string> log)
    {
        var before = MachineLoad.Now();
        using var data = DataCatalog.Load(dataName, DataOptions.Default);
        var smallest = batches.Min();
        TrainOptions Options(long seed, double baseLr) => new()
        {
            LearningRate = new LearningRateOptions(BaseLr: baseLr),
            Budget = new Budget(Epochs: maxEpochs),
            EvalEvery = Duration.Epochs(0.05),
            TrainEvalSamples = 5000,
            Target = target,
            Seed = seed,
        };

        var goodput = new AdaptiveBatch { Min = smallest, Max = maxBatch };
        var clock = Stopwatch.StartNew();
        var table = BatchPolicies.MeasureThroughput(model, data, Options(0, baseRates[0]) with { Adaptive = goodput });
        var tableSeconds = clock.Elapsed.TotalSeconds;
        log($"throughput table in {tableSeconds:F1} s: {string.Join(", ", table.Points.Select(p => $"B={p.Batch}: {p.SamplesPerSecond:N0}/s"))}");

        var runs = new List<AdaptiveRun>();
        for (var seed = 0; seed < seeds; seed++)
        {
            var fixedOrder = batches.SelectMany(b => baseRates.Select(r => (b, r))).ToList();
            if (seed % 2 == 1)
            {
                fixedOrder.Reverse();
            }

            foreach (var (b, r) in fixedOrder)
            {
                runs.Add(Train($"B = {b}", Options(seed, r) with { Batch = BatchSize.Of(b) }, data, model, null, log));
            }

            // The adaptive runs start at B₀ with the η̃ that reached the target soonest there.
            var startRate = Best(runs.Where(x => x.Configuration == $"B = {smallest}" && x.Seed == seed)).BaseLearningRate;
            runs.Add(Train("goodput", Options(seed, startRate) with { Adaptive = goodput }, data, model, table, log));
            runs.Add(Train("schedule", Options(seed, startRate) with { Adaptive = new AdaptiveBatch { Policy = BatchPolicyKind.Schedule, Min = smallest, Max = maxBatch, Factor = 4 } }, data, model, null, log));
        }

        var summaries = runs.GroupBy(x => (x.Configuration, x.BaseLearningRate)).Select(Summarise).ToList();
        var fixedSummaries = summaries.Where(s => s.Configuration.StartsWith("B = ", StringComparison.Ordinal) && s.Reached == s.Seeds).ToList();
        var bestFixed = fixedSummaries.MinBy(s => s.MedianWallSeconds);
        var goodputSummary = summaries.First(s => s.Configuration == "goodput");
        var scheduleSummary = summaries.First(s => s.Configuration == "schedule");
        var twin = summaries.FirstOrDefault(s => s.Configuration == $"B = {smallest}" && s.BaseLearningRate == scheduleSummary.BaseLearningRate);
        return new AdaptiveReport(before, MachineLoad.Now(), TorchSharp.torch.get_num_threads(), dataName, model, $"{target.Metric} ≤ {target.Threshold}",
            [.. table.Points.Select(p => new ThroughputPoint(p.Batch, p.SamplesPerSecond))], tableSeconds, runs, summaries,
            bestFixed is null ? "none reached the target with every seed" : $"{bestFixed.Configuration}, η̃ = {bestFixed.BaseLearningRate}",
            bestFixed is null || goodputSummary.Reached < goodputSummary.Seeds ? null : goodputSummary.MedianWallSeconds / bestFixed.MedianWallSeconds,
            twin is null || scheduleSummary.Reached < scheduleSummary.Seeds ? null : scheduleSummary.MedianUpdates / twin.MedianUpdates);
    }

    static AdaptiveRun Best(IEnumerable<AdaptiveRun> runs) =>
        runs.OrderBy(r => r.Reached ? 0 : 1).ThenBy(r => r.WallSeconds).First();

    static AdaptiveRun Train(string configuration, TrainOptions options, Dataset data, string model, ThroughputTable? table, Action<string> log)
    {
        var spec = new RunSpec(data.Name, DataOptions.Default, model, options);
        using var network = RunFactory.CreateModel(spec, data);
        var hooks = BatchPolicies.With(new TrainerHooks(), options, data.Train.Count, table);
        using var trainer = new Trainer(network, data, options, hooks);
        var result = trainer.Run();
        var hit = result.Target;
        var policySeconds = hooks.BatchPolicy is GoodputPolicy g ? g.OverheadSeconds : 0;
        var run = new AdaptiveRun(configuration, options.Seed, options.LearningRate.BaseLr ?? double.NaN, hit is not null,
            hit?.Update ?? result.Updates, hit?.Samples ?? result.Samples, result.WallSeconds, result.StepSeconds, policySeconds,
            result.Final.GetValueOrDefault("batch", options.Batch.Samples ?? double.NaN), result.Final.GetValueOrDefault("test_error", double.NaN), result.Final.GetValueOrDefault("train_error", double.NaN));
        log($"{configuration,-10} seed {options.Seed} η̃ {run.BaseLearningRate:G3}: {(run.Reached ? $"target at update {run.Updates:N0}" : "target not reached")}, {run.WallSeconds:F2} s, test error {run.TestError:P2}, final B {run.FinalBatch}");
        return run;
    }

    static AdaptiveSummary Summarise(IGrouping<(string Configuration, double Rate), AdaptiveRun> g)
    {
        static double Median(IEnumerable<double> values)
        {
            var v = values.Order().ToList();
            return v.Count == 0 ? double.NaN : v.Count % 2 == 1 ? v[v.Count / 2] : (v[(v.Count / 2) - 1] + v[v.Count / 2]) / 2;
        }

        var reached = g.Where(r => r.Reached).ToList();
        return new AdaptiveSummary(g.Key.Configuration, g.Key.Rate, reached.Count, g.Count(),
            Median(reached.Select(r => r.WallSeconds)), Median(reached.Select(r => (double)r.Updates)), Median(reached.Select(r => (double)r.Samples)),
            Median(g.Select(r => r.TestError)), g.Min(r => r.TestError), g.Max(r => r.TestError),
            100 * g.Sum(r => r.PolicySeconds) / g.Sum(r => r.StepSeconds));
    }
}
