using System.Diagnostics;
using System.Globalization;
using BatchLab.Data;
using BatchLab.Diagnostics.Memory;
using BatchLab.Models;
using BatchLab.Runs;
using BatchLab.Studies.Analysis;
using BatchLab.Studies.Budgeted;
using BatchLab.Sweeps;
using BatchLab.Sweeps.Specs;
using BatchLab.Sweeps.Storage;
using BatchLab.Sweeps.Workers;

namespace BatchLab.Studies;

/// <summary>What a study run needs besides its preset, its store and its sweep executor.</summary>
public sealed record StudyRunOptions
{
    /// <summary>Where data sets are cached; null = the default cache.</summary>
    public DataContext? Data { get; init; }

    /// <summary>
    /// Measures the peak memory of real training steps at micro-batch M, ideally in a fresh
    /// process (the CLI starts one); null = the memory model only, no measurements.
    /// </summary>
    public Func<MemoryOptions, long, ProbeMeasurement>? MemoryProbe { get; init; }

    /// <summary>
    /// Extend the learning-rate grid per batch size where its best rate sits at an edge, at most
    /// this many grid steps per side (<see cref="RateSearch"/>); 0 = a fixed grid.
    /// </summary>
    public int RateSearchCap { get; init; } = RateSearch.DefaultCap;

    /// <summary>
    /// Spend the budget where the answer is decided (<see cref="BudgetedStudy"/>: successive halving
    /// over the rates of each B, stop at the target where a cell does not compete, seeds only for
    /// the best cell); null = the exhaustive grid, every cell and seed to the full budget.
    /// A grid without a learning-rate axis of two values or more is always exhaustive.
    /// </summary>
    public BudgetedOptions? Budgeted { get; init; } = new();

    /// <summary>
    /// Retrain the best cell with the noise tracker (the noise over training, about as long as one
    /// run of that cell) in this process while a budgeted study's extra seeds train, instead of
    /// after the sweep: the seeds are one or two trials, so the workers leave cores idle then. Only
    /// for an executor whose workers are other processes (torch's thread count is per process);
    /// default off. The tracked run is the best cell before the seeds (seed 0's trial), which the
    /// report names.
    /// </summary>
    public bool NoiseBesideSeeds { get; init; }

    /// <summary>Train the recommended (B, η) alone to the target and compare with the predicted time (<see cref="TargetCheck"/>).</summary>
    public bool CheckTarget { get; init; } = true;

    /// <summary>Progress lines: each stage and the sweep's size.</summary>
    public Action<string> Log { get; init; } = _ => { };

    /// <summary>Progress within a stage: each diagnostic, its ticks and its time.</summary>
    public Action<string> Detail { get; init; } = _ => { };
}

/// <summary>How a study run ended: the sweep's end, and the analysis when the sweep finished.</summary>
public sealed record StudyRun(SweepEnd Sweep, StudyAnalysis? Analysis, double Seconds);

/// <summary>
/// The main job as a library call: a preset's sweep through the store (finished trials never run
/// again, so a rerun resumes), the per-B learning-rate search beyond the grid's edges, the
/// diagnostics at initialisation and at the trained solutions, the analysis that answers "which
/// batch size, and why", and a solo run of the recommendation to its target beside the
/// predicted time. The caller renders the analysis (BatchLab.Reporting's StudyReport) or reads it.
/// </summary>
public static class StudyRunner
{
    public static StudyRun Run(StudyPreset preset, string name, IExperimentStore store, ISweepExecutor sweep, StudyRunOptions? options = null, CancellationToken cancel = default)
    {
        options ??= new StudyRunOptions();
        var log = options.Log;
        var clock = Stopwatch.StartNew();
        var spec = preset.Sweep.Base;
        log($"study {name}, preset {preset.Name}: {preset.Description} (expected: {preset.ExpectedDuration})");
        log($"[1/3] sweep: {preset.Sweep} in {store.Location}");
        var (chance, validation, warning) = Plan(preset, options.Data);
        if (warning is not null)
        {
            log($"      note: {warning}");
        }

        log(spec.Train.Pruning is { } p
            ? $"      pruning: from {Text.NumberFormat.Percent(0).Format(p.After)} of its budget on, a trial stops as PRUNED when its training error is within {Text.NumberFormat.General.Format(p.ChanceMargin * 100)} points of chance (classification) or its training loss is not below its start (regression)"
            : "      pruning: off");
        var margin = spec.Train.Pruning?.ChanceMargin ?? Training.Pruning.Default.ChanceMargin;
        RateSearchResult? searched = null;
        BudgetedResult? budgeted = null;
        NoiseOverTrainingResult? tracked = null;
        if (options.Budgeted is { } budget && BudgetedStudy.RateAxis(preset.Sweep) is not null)
        {
            var existing = store.Counts(name);
            log($"      budgeted study, {existing.Finished} of {existing.Total} already finished (`--exhaustive` trains the whole grid)");
            Action? beside = options.NoiseBesideSeeds && preset.Diagnostics.Noise is not null
                ? () => tracked = StudyDiagnostics.TrackNoise(preset, store, name, options.Data, options.Detail)
                : null;
            (var end, budgeted) = BudgetedStudy.Run(preset.Sweep, store, name, sweep, chance, margin, validation, budget with { ExtendCap = options.RateSearchCap }, log, cancel, beside);
            if (end != SweepEnd.Finished)
            {
                return new StudyRun(end, null, clock.Elapsed.TotalSeconds);
            }
        }
        else
        {
            var submission = SweepSubmission.Submit(store, name, preset.Sweep);
            var counts = store.Counts(name);
            var extra = counts.Total - submission.Points;
            log($"      {submission.Points} grid trials{(extra > 0 ? $" and {extra} from the learning-rate search" : "")}, {counts.Finished} of {counts.Total} already finished");
            if (counts.Queued + counts.Running > 0)
            {
                var end = sweep.Run(store, name, cancel);
                if (end != SweepEnd.Finished)
                {
                    return new StudyRun(end, null, clock.Elapsed.TotalSeconds);
                }
            }

            var search = new RateSearch(preset.Sweep, options.RateSearchCap);
            searched = options.RateSearchCap > 0
                ? search.Run(store, name, sweep, trials => GeneralizationAnalysis.Analyse(trials, chance, margin), log, cancel)
                : new RateSearchResult(false, 0, "fixed", []);
        }

        if (store.Counts(name) is { } after && after.Queued + after.Running > 0)
        {
            return new StudyRun(cancel.IsCancellationRequested ? SweepEnd.Interrupted : SweepEnd.Failed, null, clock.Elapsed.TotalSeconds);
        }

        var trials = store.TrialsOf(name);
        log($"      sweep time: {SweepTimes.Of(trials, t => TrialContinuation.InheritedSamplesOf(store, t.Id) > 0 ? TrialContinuation.Parent(trials, t) : null)}");
        log(string.Create(CultureInfo.InvariantCulture, $"[2/3] diagnostics ({clock.Elapsed.TotalSeconds:F0} s so far)"));
        var diagnostics = StudyDiagnostics.Run(preset, store, name, options.Data, options.MemoryProbe, preset.Paper is not null, options.Detail, tracked);
        log(string.Create(CultureInfo.InvariantCulture, $"[3/3] analysis and report ({clock.Elapsed.TotalSeconds:F0} s so far)"));
        var analysing = Stopwatch.StartNew();
        var finished = StudySolutions.Finished(store, name);
        var analysis = WithTrajectories(StudyAnalysis.Of(preset, name, [.. finished.Select(f => f.Result)], diagnostics, searched), store, (IReadOnlyList<(Trial Trial, FinishedTrial Result)>)finished);
        analysis = analysis with { Budgeted = budgeted, Compute = StudyCompute.Of(store, name, preset.Sweep.Base) };
        if (options.CheckTarget)
        {
            var (check, fastest) = Check(analysis, finished, options, spec);
            analysis = analysis with { Check = check, FastestCheck = fastest };
        }

        log(string.Create(CultureInfo.InvariantCulture, $"      analysis and the solo check: {analysing.Elapsed.TotalSeconds:F1} s"));
        return new StudyRun(SweepEnd.Finished, analysis, clock.Elapsed.TotalSeconds);
    }

    /// <summary>What to know before the sweep: the chance error (pruning and the analysis use it) and a warning when BatchNorm results will depend on M.</summary>
    static (double? Chance, int Validation, string? Warning) Plan(StudyPreset preset, DataContext? context)
    {
        var spec = preset.Sweep.Base;
        using var data = RunFactory.LoadData(spec, context);
        using var model = RunFactory.CreateModel(spec, data);
        var warning = spec.Train.NormBatch is null && model.HasBatchNorm()
            ? preset.Sweep.Points().Select(p => p.Apply(spec).Train.Plan(data.Train.Count).NormBatchWarning(true)).FirstOrDefault()
            : null;
        return (Training.Pruning.ChanceError(data), (int)data.Validation.Count, warning);
    }

    /// <summary>
    /// Trains the recommended cell alone to the target when the study predicted a time for it,
    /// and the fastest cell too when it is offered apart (speed against final error). Each check
    /// uses a seed no trial of the study used, so it tests the prediction instead of replaying a
    /// stored trial.
    /// </summary>
    static (TargetCheck? Recommended, TargetCheck? Fastest) Check(StudyAnalysis analysis, IReadOnlyList<(Sweeps.Trial Trial, FinishedTrial Result)> finished, StudyRunOptions options, RunSpec spec)
    {
        if (!analysis.HasTarget || analysis.Recommendation.TradeOff is not { } t)
        {
            return (null, null);
        }

        var seed = TargetCheck.FreshSeed(finished.Select(f => f.Result.Seed));
        TargetCheck? Run(AnswerCell cell, string what)
        {
            var trial = finished.Where(f => f.Result.OnFixedGrid && f.Result.Batch == cell.Batch && Math.Abs(f.Result.BaseLearningRate - cell.BaseLearningRate) <= 1e-9 * cell.BaseLearningRate)
                .OrderBy(f => f.Result.Seed).Select(f => f.Trial).FirstOrDefault();
            if (!cell.HasTime || trial is null)
            {
                return null;
            }

            options.Log($"      checking the predicted time to target with a solo run of {what} ({cell.Name}, seed {seed}, unused by the study)");
            var cellSpec = RunSpec.FromJson(trial.Parameters);
            using var data = RunFactory.LoadData(spec, options.Data);
            return TargetCheck.Run(cellSpec with { Train = cellSpec.Train with { Seed = seed } }, data, cell.Steps, cell.Seconds, options.Detail);
        }

        return (Run(t.Recommended, "the recommendation"), t.SpeedAlternative is { } f ? Run(f, "the fastest cell") : null);
    }

    /// <summary>
    /// The analysis of a stored sweep, however it was run (`batchlab sweep`, a Slurm array or
    /// Kubernetes workers): its finished trials, plus <paramref name="diagnostics"/> measured here
    /// (none by default: then only the data is loaded, for its size). Trials still queued or
    /// running are left out and counted in the log.
    /// </summary>
    public static StudyAnalysis Analyse(string name, IExperimentStore store, StudyDiagnosticsOptions? diagnostics = null, StudyRunOptions? options = null)
    {
        options ??= new StudyRunOptions();
        var study = store.GetStudy(name) ?? throw new BatchLabException($"no study '{name}' in {store.Location}; `batchlab status` lists the studies there");
        var preset = CustomStudy.Of(SweepSpec.FromJson(study.Spec, $"the stored spec of study '{name}'"), diagnostics ?? new StudyDiagnosticsOptions());
        var counts = store.Counts(name);
        if (counts.Complete + counts.Diverged == 0)
        {
            throw new BatchLabException($"study '{name}' has no finished trial yet ({counts.Queued} queued, {counts.Running} running); run workers first (`batchlab worker --study {name}`)");
        }

        options.Log($"study {name}: {counts.Complete + counts.Diverged} finished trials of {counts.Total}" + (counts.Queued + counts.Running > 0 ? $"; {counts.Queued + counts.Running} not finished are left out" : ""));
        var result = StudyDiagnostics.Run(preset, store, name, options.Data, options.MemoryProbe, perTrialSharpness: false, options.Detail);
        var skipped = diagnostics is null ? result with { Skipped = [.. result.Skipped, "diagnostics: not run for this report (batchlab report --diagnostics quick measures them)"] } : result;
        var finished = StudySolutions.Finished(store, name);
        var analysis = WithTrajectories(StudyAnalysis.Of(preset, name, [.. finished.Select(f => f.Result)], skipped), store, (IReadOnlyList<(Trial Trial, FinishedTrial Result)>)finished);
        return analysis with { Compute = StudyCompute.Of(store, name, preset.Sweep.Base) };
    }

    /// <summary>Adds each adaptive run's B(t) and η(t) from the store's metrics to the analysis's comparison.</summary>
    static StudyAnalysis WithTrajectories(StudyAnalysis analysis, IExperimentStore store, IReadOnlyList<(Trial Trial, FinishedTrial Result)> finished) =>
        analysis.Adaptive is null ? analysis : analysis with
        {
            // Rebuilt with the trajectories, so the finding can say what each policy changed before the target.
            Adaptive = AdaptiveComparison.Of([.. finished.Select(f => f.Result)], [.. finished.Where(f => f.Result.Adaptive is not null).Select(f => AdaptiveComparison.Trajectory(
                f.Result, AdaptiveComparison.StartOf(f.Result.Adaptive!), store.Metrics(f.Trial.Id).Select(m => (m.Name, m.Update, m.Value))))]),
        };
}
