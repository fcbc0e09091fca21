using System.Diagnostics;
using System.Globalization;
using BatchLab.Data;
using BatchLab.Diagnostics.Memory;
using BatchLab.Models;
using BatchLab.Runs;
using BatchLab.Studies.Analysis;
using BatchLab.Studies.Budgeted;
using BatchLab.Studies.Progress;
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

    /// <summary>
    /// The study's overall progress, told of every stage, rung, round and diagnostic; null = none.
    /// The study wraps the sweep executor so the tracker sees the trials at the start and end of
    /// every sweep; an executor that knows how far its running trials are reports them too (the
    /// CLI's worker processes, about once a second). Its stage is left at
    /// <see cref="StudyStage.Report"/>: the caller enters <see cref="StudyStage.Done"/> once the
    /// report is written.
    /// </summary>
    public StudyProgressTracker? Progress { get; init; }
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
        var (chance, validation, warning, trainSamples) = Plan(preset, options.Data);
        var progress = options.Progress;
        if (progress is not null)
        {
            progress.TrainSamples = trainSamples;
            sweep = new ObservedSweep(sweep, progress, () => PlanLaterStages(progress, preset, options, trainSamples));
            progress.ObserveSweep(store.TrialsOf(name), []);
            PlanLaterStages(progress, preset, options, trainSamples);
        }

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
            (var end, budgeted) = BudgetedStudy.Run(preset.Sweep, store, name, sweep, chance, margin, validation, budget with { ExtendCap = options.RateSearchCap }, log, cancel, beside, progress);
            if (end != SweepEnd.Finished)
            {
                return new StudyRun(end, null, clock.Elapsed.TotalSeconds);
            }
        }
        else
        {
            var submission = SweepSubmission.Submit(store, name, preset.Sweep, extensible: false);
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
        if (progress is not null)
        {
            // The sweep's costs are measured now: the diagnostics' plan is better for them.
            progress.ObserveSweep(trials, []);
            PlanLaterStages(progress, preset, options, trainSamples, tracked: tracked is not null);
            progress.Enter(StudyStage.Diagnostics);
        }

        var diagnostics = StudyDiagnostics.Run(preset, store, name, options.Data, options.MemoryProbe, preset.Paper is not null, options.Detail, tracked, progress);
        log(string.Create(CultureInfo.InvariantCulture, $"[3/3] analysis and report ({clock.Elapsed.TotalSeconds:F0} s so far)"));
        progress?.Enter(StudyStage.Report);
        var analysing = Stopwatch.StartNew();
        var finished = StudySolutions.Finished(store, name);
        var analysis = WithTrajectories(StudyAnalysis.Of(preset, name, [.. finished.Select(f => f.Result)], diagnostics, searched), store, (IReadOnlyList<(Trial Trial, FinishedTrial Result)>)finished);
        analysis = analysis with { Budgeted = budgeted, Compute = StudyCompute.Of(store, name, preset.Sweep.Base) };
        if (options.CheckTarget)
        {
            if (analysis.Recommendation.TradeOff is { } planned && analysis.HasTarget)
            {
                // Each solo check trains to the target: about its predicted seconds.
                progress?.PlanReport(StudyProgressTracker.ReportSeconds + new[] { planned.Recommended, planned.SpeedAlternative }.Where(c => c is { HasTime: true }).Sum(c => c!.Seconds));
            }

            var (check, fastest) = Check(analysis, finished, options, spec);
            analysis = analysis with { Check = check, FastestCheck = fastest };
        }

        log(string.Create(CultureInfo.InvariantCulture, $"      analysis and the solo check: {analysing.Elapsed.TotalSeconds:F1} s"));
        return new StudyRun(SweepEnd.Finished, analysis, clock.Elapsed.TotalSeconds);
    }

    /// <summary>
    /// The diagnostics' and the report's planned seconds at the costs measured so far, so the
    /// overall progress weights them before they run: the noise over training and a solo check
    /// are each about one run of the grid's middle batch size (the best cell is not known yet).
    /// </summary>
    /// <param name="tracked">Whether the noise over training was measured beside the sweep; null = not known yet (before the sweep).</param>
    static void PlanLaterStages(StudyProgressTracker progress, StudyPreset preset, StudyRunOptions options, long trainSamples, bool? tracked = null)
    {
        var batches = preset.Sweep.Points().Select(p => p.Apply(preset.Sweep.Base)).DistinctBy(s => s.Train.Batch).ToList();
        var run = batches.Count == 0 ? null : progress.RunSeconds(batches[batches.Count / 2]);
        var costs = progress.Current.SecondsPerUpdate;
        var perSample = costs.Count > 0 ? costs.Min(c => c.Value / c.Key) : DefaultSecondsPerSample;
        // Beside a budgeted study's extra seeds the noise over training is no part of this stage.
        var beside = tracked ?? (options.NoiseBesideSeeds && options.Budgeted is not null);
        var overTraining = preset.Diagnostics.Noise is null || beside
            ? (double?)null : run ?? DefaultRunSeconds;
        progress.PlanDiagnostics(DiagnosticsPlan.Of(preset, trainSamples, perSample, overTraining, trained: true, options.MemoryProbe is not null));
        var checks = options.CheckTarget && preset.Sweep.Base.Train.Target is not null ? run ?? DefaultRunSeconds : 0;
        progress.PlanReport(StudyProgressTracker.ReportSeconds + checks);
    }

    /// <summary>Seconds of one sample's gradient before anything was measured (a small MLP on a CPU core).</summary>
    const double DefaultSecondsPerSample = 1e-4;

    /// <summary>Seconds of one training run before anything was measured.</summary>
    const double DefaultRunSeconds = 10;

    /// <summary>
    /// An executor that shows the tracker the study's trials before and after each sweep (new rungs
    /// and rounds appear at once; an in-process sweep reports nothing between), and plans the later
    /// stages again after each at the costs it measured.
    /// </summary>
    sealed class ObservedSweep(ISweepExecutor inner, StudyProgressTracker progress, Action replan) : ISweepExecutor
    {
        public SweepEnd Run(IExperimentStore store, string study, CancellationToken cancel = default)
        {
            progress.ObserveSweep(store.TrialsOf(study), []);
            var end = inner.Run(store, study, cancel);
            progress.ObserveSweep(store.TrialsOf(study), []);
            replan();
            return end;
        }
    }

    /// <summary>What to know before the sweep: the chance error (pruning and the analysis use it), the training-set size, and a warning when BatchNorm results will depend on M.</summary>
    static (double? Chance, int Validation, string? Warning, long TrainSamples) Plan(StudyPreset preset, DataContext? context)
    {
        var spec = preset.Sweep.Base;
        using var data = RunFactory.LoadData(spec, context);
        using var model = RunFactory.CreateModel(spec, data);
        var warning = spec.Train.NormBatch is null && model.HasBatchNorm()
            ? preset.Sweep.Points().Select(p => p.Apply(spec).Train.Plan(data.Train.Count).NormBatchWarning(true)).FirstOrDefault()
            : null;
        return (Training.Pruning.ChanceError(data), (int)data.Validation.Count, warning, data.Train.Count);
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
