using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using BatchLab.Cli.Progress;
using BatchLab.Reporting;
using BatchLab.Reporting.Sections;
using BatchLab.Storage.Sql;
using BatchLab.Studies;
using BatchLab.Studies.Analysis;
using BatchLab.Studies.Progress;
using BatchLab.Sweeps;
using BatchLab.Sweeps.Workers;

namespace BatchLab.Cli.Commands;

/// <summary>
/// `batchlab study`: the main job. Runs a preset's sweep through the store (rerun to resume), its
/// diagnostics, and writes a report with a recommendation: which batch size, and why.
/// </summary>
public static partial class StudyCommand
{
    static readonly Option<string> Preset = new("--preset") { Description = $"Which study: {string.Join(", ", StudyPresets.Names)} (durations in docs/studies.md)", DefaultValueFactory = _ => "quick" };
    static readonly Option<string?> Data = new("--data") { Description = DataSourceForms.Help + "; default: the preset's, mnist" };
    static readonly Option<string?> Model = new("--model") { Description = "Model spec (default: the preset's)" };
    static readonly Option<string?> Name = new("--name") { Description = "Study name in the store (default: preset-data-model)" };
    static readonly Option<string?> Out = new Option<string?>("--out") { Description = "Report folder (default reports/NAME)" }.WritableFolder();
    static readonly Option<int?> Workers = new Option<int?>("--workers") { Description = "Local worker processes for the sweep (default: one per core, one torch thread each)" }.WorkerCount(1);
    static readonly Option<int?> Threads = new Option<int?>("--threads") { Description = "Torch threads per worker (default: cores / workers)" }.ThreadCount();
    static readonly Option<bool> NoPrune = new("--no-prune") { Description = "Train every trial to the end instead of stopping those clearly not learning as PRUNED (replications)" };
    static readonly Option<bool> FixedGrid = new("--fixed-grid") { Description = "Keep the preset's learning-rate grid: no search beyond its edges where a batch size's best rate sits there" };
    static readonly Option<bool> Exhaustive = new("--exhaustive") { Description = "Train the whole grid, every cell and seed to the full budget (today's reference; a study of its own name), instead of the budgeted study that halves the rates per B and stops cells that do not compete at the target" };
    static readonly Option<string?> SpecFile = new("--spec") { Description = "A custom grid instead of a preset: a sweep spec JSON file (see `batchlab sweep --spec`), optionally with \"diagnostics\": \"quick\" | \"smoke\" | \"none\"" };

    public static Command Create()
    {
        var command = new Command("study", "The main job: which batch size should I use, and why? Runs a sweep and the diagnostics, writes report.html")
        {
            Preset, SpecFile, Data, DataArguments.DataDir, Model, Name, Out, StoreArguments.Store, Workers, Threads, StoreArguments.Lease, StoreArguments.OutageTimeout, NoPrune, FixedGrid, Exhaustive,
        };
        command.SetAction(Run);
        return command;
    }

    static int Run(ParseResult parse)
    {
        var clock = Stopwatch.StartNew();
        var prune = !parse.GetValue(NoPrune);
        var (fileName, preset) = StudyArguments.Preset(parse.GetValue(SpecFile), parse.GetResult(Preset) is { Implicit: false }, parse.GetValue(Preset)!, DataName(parse), parse.GetValue(Model), prune);
        preset.Sweep.Validate(); // before the store is opened (and created)
        var spec = preset.Sweep.Base;

        // Without pruning the spec differs, so it is another study (a store refuses one name with two
        // specs); the exhaustive grid is another study too, so the two never mix their trials.
        var exhaustive = parse.GetValue(Exhaustive);
        var name = StudyName.Check(parse.GetValue(Name) ?? fileName ?? Slug($"{preset.Name}-{StudyArguments.Short(spec.Data)}-{StudyArguments.Short(spec.Model)}{(prune ? "" : "-noprune")}{(exhaustive ? "-exhaustive" : "")}"));
        var outDir = parse.GetValue(Out) ?? Path.Combine("reports", name);
        var workers = parse.GetValue(Workers) ?? Environment.ProcessorCount;
        if (workers < 1)
        {
            throw new BatchLabException($"--workers must be at least 1, got {workers}");
        }

        using var store = StoreArguments.Open(parse);
        var costs = StepCostsFor(preset, store, name);
        var progress = new StudyProgressTracker(costs?.TrainSamples ?? 0, costs, workers);
        var stageLog = StageLog.For(parse);
        _ = new StudyProgressView(progress, stageLog);
        var workerProcesses = new WorkerProcesses(StoreArguments.Location(parse) ?? ExperimentStores.DefaultStore, workers, parse.GetValue(Threads), parse.GetValue(StoreArguments.Lease)!, null, parse.GetValue(CommonOptions.Verbose),
            [StoreArguments.OutageTimeout.Name, parse.GetValue(StoreArguments.OutageTimeout)!])
        {
            Costs = costs,
            Progress = progress,
        };
        var run = StudyRunner.Run(preset, name, store, workerProcesses, new StudyRunOptions
        {
            Data = DataArguments.Context(),
            MemoryProbe = MemoryProbeProcess.Measure,
            RateSearchCap = parse.GetValue(FixedGrid) ? 0 : RateSearch.DefaultCap,
            Budgeted = exhaustive ? null : new Studies.Budgeted.BudgetedOptions(),
            NoiseBesideSeeds = true, // the sweep's workers are processes of their own
            Log = Output.Log,
            Detail = stageLog.Write,
            Progress = progress,
        });
        if (run.Sweep == SweepEnd.TrialsFailed)
        {
            Output.Log($"batchlab: {store.Counts(name).Failed} trials FAILED; `batchlab status --study {name}` shows why; `batchlab retry --study {name}`, then rerun this command");
            return ExitCodes.TrialsFailed;
        }

        if (run.Analysis is not { } analysis)
        {
            Output.Log("batchlab: the sweep stopped before every trial finished; rerun the same command to resume");
            return run.Sweep == SweepEnd.Interrupted ? ExitCodes.Interrupted : ExitCodes.Failure;
        }

        var metadata = ReportMetadataOf.Run(preset.Name, clock.Elapsed.TotalSeconds);
        var recommendation = analysis.Recommendation;
        var writing = Stopwatch.StartNew();
        var document = StudyReport.Build(analysis, metadata);
        var files = ReportWriter.Write(document, outDir);
        Output.Log(string.Create(CultureInfo.InvariantCulture, $"      report written in {writing.Elapsed.TotalSeconds:F1} s"));
        progress.Enter(StudyStage.Done);
        var result = new StudyResult(name, store.Location, Path.GetFullPath(files.Html), Path.GetFullPath(files.Markdown), Path.GetFullPath(files.Json),
            store.Counts(name), recommendation, clock.Elapsed.TotalSeconds, analysis.Compute?.StudySamples, analysis.Compute?.OneRunSamples);
        if (parse.GetValue(CommonOptions.Json))
        {
            Output.Json(result);
        }
        else
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"study {name}: {result.Trials.Complete} trials complete, {result.Trials.Diverged} diverged, {result.Trials.Pruned} pruned, in {result.WallSeconds:F0} s"));
            if (analysis.Compute is { OneRunSamples: long one } compute)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"training compute: {compute.StudySamples:N0} samples, {compute.Runs:F1}× one run of the preset's budget ({one:N0} samples; {(analysis.Budgeted is null ? "exhaustive grid" : "budgeted")})"));
            }

            Console.WriteLine($"recommendation: B = {recommendation.Batch}, M = {recommendation.MicroBatch}" + (recommendation.LearningRate is double lr ? $", η = {Text.NumberFormat.General.Format(lr)}" : ""));
            foreach (var line in recommendation.TradeOff?.Lines(recommendation.Target) ?? [])
            {
                Console.WriteLine("  " + line);
            }

            foreach (var (what, check) in new[] { ("recommendation", analysis.Check), ("fastest cell", analysis.FastestCheck) })
            {
                if (check is not null)
                {
                    Console.WriteLine($"time to target ({what}, B = {check.Batch:N0}, η̃ = {Text.NumberFormat.Rate(check.BaseLearningRate)}): predicted {Text.NumberFormat.Duration.Format(check.PredictedSeconds)}, measured by a solo run with unused seed {check.Seed}: {(check.MeasuredSeconds is double m ? Text.NumberFormat.Duration.Format(m) : "(target not reached)")}");
                }
            }
            var apply = ApplyLines.Of(preset.Sweep.Base, recommendation);
            if (apply.Count > 0)
            {
                Console.WriteLine("apply it:");
                foreach (var line in apply)
                {
                    Console.WriteLine("  " + line);
                }
            }

            Console.WriteLine($"report: {result.Report}");
        }

        return ExitCodes.Ok;
    }

    /// <summary>--data, or <c>dir:FULL_PATH</c> for --data-dir (the name every trial and report carries); both is refused.</summary>
    static string? DataName(ParseResult parse) => (parse.GetValue(Data), parse.GetValue(DataArguments.DataDir)) switch
    {
        ({ }, { }) => throw new BatchLabException("give either --data or --data-dir, not both"),
        (_, { } dir) => Directory.Exists(dir) ? "dir:" + Path.GetFullPath(dir) : throw new BatchLabException($"--data-dir {dir}: no such directory", BatchLabException.BadInput),
        (var data, null) => data,
    };

    /// <summary>Step costs for the ETA when trials are left to train (a finished study's rerun times nothing); null when timing fails, and the ETA falls back to the finished trials' mean.</summary>
    static Sweeps.Results.StepCosts? StepCostsFor(StudyPreset preset, Sweeps.Storage.IExperimentStore store, string name)
    {
        if (store.Counts(name) is { Total: > 0 } c && c.Queued + c.Running == 0)
        {
            return null;
        }

        try
        {
            var clock = Stopwatch.StartNew();
            var costs = StudyStepCosts.Measure(preset.Sweep, DataArguments.Context());
            Output.Log(string.Create(CultureInfo.InvariantCulture, $"timed a few steps at each B for the ETA in {clock.Elapsed.TotalSeconds:F1} s"));
            return costs;
        }
        catch (BatchLabException)
        {
            return null;
        }
    }

    static string Slug(string text) => NotSlug().Replace(text.ToLowerInvariant(), "-") is var slug && slug.Length > StudyName.MaxLength ? slug[..StudyName.MaxLength] : slug;

    [GeneratedRegex("[^a-z0-9.-]+")]
    private static partial Regex NotSlug();
}

/// <summary>`study --json`: where the report is, the trials per state and the recommendation.</summary>
/// <param name="StudySamples">Training compute of the study in samples (every trial, rungs included).</param>
/// <param name="OneRunSamples">Samples of one training run of the preset's budget.</param>
public sealed record StudyResult(string Study, string Store, string Report, string Markdown, string Results, TrialCounts Trials, Recommendation Recommendation, double WallSeconds, long? StudySamples = null, long? OneRunSamples = null);
