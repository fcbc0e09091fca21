using System.Diagnostics;
using System.Globalization;
using BatchLab.Data;
using BatchLab.Diagnostics.Memory;
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

    /// <summary>Progress lines: each stage and the sweep's size.</summary>
    public Action<string> Log { get; init; } = _ => { };

    /// <summary>Progress within a stage: each diagnostic, its ticks and its time.</summary>
    public Action<string> Detail { get; init; } = _ => { };
}

/// <summary>How a study run ended: the sweep's end, and the analysis when the sweep finished.</summary>
public sealed record StudyRun(SweepEnd Sweep, StudyAnalysis? Analysis, double Seconds);

/// <summary>
/// The main job as a library call: a preset's sweep through the store (finished trials never run
/// again, so a rerun resumes), the diagnostics at initialisation and at the trained solutions,
/// and the analysis that answers "which batch size, and why". The caller renders the analysis
/// (BatchLab.Reporting's StudyReport) or reads it.
/// </summary>
public static class StudyRunner
{
    public static StudyRun Run(StudyPreset preset, string name, IExperimentStore store, ISweepExecutor sweep, StudyRunOptions? options = null, CancellationToken cancel = default)
    {
        options ??= new StudyRunOptions();
        var log = options.Log;
        var clock = Stopwatch.StartNew();
        log($"study {name}, preset {preset.Name}: {preset.Description} (expected: {preset.ExpectedDuration})");
        log($"[1/3] sweep: {preset.Sweep} in {store.Location}");
        var submission = SweepSubmission.Submit(store, name, preset.Sweep);
        var counts = store.Counts(name);
        log($"      {submission.Points} trials, {counts.Finished} already finished");
        if (counts.Queued + counts.Running > 0)
        {
            var end = sweep.Run(store, name, cancel);
            if (end != SweepEnd.Finished)
            {
                return new StudyRun(end, null, clock.Elapsed.TotalSeconds);
            }
        }

        log(string.Create(CultureInfo.InvariantCulture, $"[2/3] diagnostics ({clock.Elapsed.TotalSeconds:F0} s so far)"));
        var diagnostics = StudyDiagnostics.Run(preset, store, name, options.Data, options.MemoryProbe, preset.Paper is not null, options.Detail);
        log(string.Create(CultureInfo.InvariantCulture, $"[3/3] analysis and report ({clock.Elapsed.TotalSeconds:F0} s so far)"));
        var trials = StudySolutions.Finished(store, name).Select(f => f.Result).ToList();
        return new StudyRun(SweepEnd.Finished, StudyAnalysis.Of(preset, name, trials, diagnostics), clock.Elapsed.TotalSeconds);
    }
}
