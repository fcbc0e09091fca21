using BatchLab.Data;
using BatchLab.Diagnostics.Agreement;
using BatchLab.Diagnostics.Gradients;
using BatchLab.Diagnostics.Memory;
using BatchLab.Diagnostics.Noise;
using BatchLab.Diagnostics.Sharpness;
using BatchLab.Diagnostics.Throughput;
using BatchLab.Models;
using BatchLab.Models.TorchScript;
using BatchLab.Runs;
using BatchLab.Saddle;
using BatchLab.Studies.Progress;
using BatchLab.Sweeps.Storage;
using BatchLab.Text;

namespace BatchLab.Studies;

/// <summary>What a study's diagnostics measured; null where the plan skipped one or it could not run (see <see cref="Skipped"/>).</summary>
public sealed record StudyDiagnosticsResult(
    ThroughputResult? Throughput,
    NoiseScaleResult? NoiseAtInit,
    NoiseScaleResult? NoiseTrained,
    NoiseOverTrainingResult? NoiseOverTraining,
    AgreementResult? Agreement,
    SharpnessResult? SharpnessSmall,
    SharpnessResult? SharpnessLarge,
    IReadOnlyList<SharpnessResult> SharpnessPerTrial,
    MemoryResult? Memory,
    SaddleEscapeResult? Saddle,
    IReadOnlyList<string> Skipped,
    long TrainSize,
    long GradientBytes)
{
    /// <summary>The error of always answering the most frequent training class; null for regression.</summary>
    public double? ChanceError { get; init; }

    /// <summary>Samples the selection error is measured on: the validation split's, else the test split's; null = unknown.</summary>
    public long? SelectionSamples { get; init; }
}

/// <summary>
/// Runs a study's diagnostics on its data and model, at initialisation and at the trained
/// solutions the sweep left in the store. Each diagnostic is seeded, so a rerun repeats it exactly.
/// </summary>
public static partial class StudyDiagnostics
{
    /// <param name="memoryProbe">Measures the peak memory of real steps at micro-batch M in a fresh process (the CLI starts one); null = model only.</param>
    /// <param name="perTrialSharpness">Also measure every finished trial's sharpness (the keskar preset's per-seed table).</param>
    /// <param name="overTraining">The noise over training when it was measured already (<see cref="TrackNoise"/> beside the sweep); null = retrain here.</param>
    /// <param name="progress">Told when each diagnostic starts, how far it is (its "3/8 draws" ticks) and when it ends; null = nobody.</param>
    public static StudyDiagnosticsResult Run(
        StudyPreset preset, IExperimentStore store, string study, DataContext? context,
        Func<MemoryOptions, long, ProbeMeasurement>? memoryProbe, bool perTrialSharpness, Action<string> log, NoiseOverTrainingResult? overTraining = null, StudyProgressTracker? progress = null)
    {
        T Timed<T>(string what, Func<Action<string>, T> run, Action<string> log) => StudyDiagnostics.Timed(what, run, log, progress);

        var plan = preset.Diagnostics;
        var spec = preset.Sweep.Base;
        var skipped = new List<string>();
        using var data = RunFactory.LoadData(spec, context);
        var finished = StudySolutions.Finished(store, study);
        var best = StudySolutions.Best(finished);
        var (small, large) = StudySolutions.Extremes(finished);
        var init = RunFactory.CreateModel(spec with { Train = spec.Train with { Seed = 0 } }, data);
        var initLabel = "initialisation (seed 0)";

        // Every batch size of the grid is timed too, with the sweep's M, G and optimizer: the time to
        // target of each B is its updates × a solo run's seconds per update measured here.
        var gridBatches = preset.Sweep.Points().Select(p => p.Apply(spec).Train.Batch.Resolve(data.Train.Count)).Distinct();
        var throughput = plan.Throughput is { } t ? Timed("throughput", log => ThroughputMeasurement.Run(init, data, spec.Data, spec.Model, spec.Train.Device, t with
        {
            Batches = [.. t.Batches.Where(b => b <= data.Train.Count).Union(gridBatches).Order()],
            MicroBatch = spec.Train.MicroBatch,
            NormBatch = spec.Train.NormBatch,
            Optimizer = spec.Train.Optimizer,
        }, log), log) : null;

        NoiseScaleResult? noiseInit = null, noiseTrained = null;
        if (plan.Noise is { } n)
        {
            noiseInit = Timed("noise scale at initialisation", log => NoiseScaleDiagnostic.Run(init, data, new DiagnosedModel(spec.Data, spec.Model, initLabel), n, log), log);
            if (best is null)
            {
                skipped.Add("noise scale of a trained model: no trial finished without diverging");
            }
            else
            {
                noiseTrained = Timed("noise scale of the best solution", log => NoiseScaleDiagnostic.Run(StudySolutions.Load(store, best, data), data, new DiagnosedModel(spec.Data, spec.Model, best.Label), n, log), log);
                overTraining ??= TryRun(() => Timed("noise scale over training", log => NoiseOverTrainingResult.Run(RunSpec.FromJson(best.Trial.Parameters), data, best.Label, log), log), "noise scale over training", skipped);
            }
        }

        AgreementResult? agreement = null;
        if (plan.Agreement is { } a)
        {
            // Its own draws: with the noise diagnostic's seed it would draw the same gradients and its
            // B_simple would repeat the diagnostic's, not replicate it (NoiseReconciliation says which).
            a = plan.Noise is { } noise && a.Seed == noise.Seed ? a with { Seed = noise.Seed + 1 } : a;
            List<(TorchSharp.torch.nn.Module<TorchSharp.torch.Tensor, TorchSharp.torch.Tensor>, string)> points = [(init, initLabel)];
            if (best is not null)
            {
                points.Add((StudySolutions.Load(store, best, data), best.Label));
            }

            agreement = Timed("gradient agreement", log => GradientAgreement.Run(points, data, spec.Data, spec.Model, a, log), log);
        }

        SharpnessResult? sharpSmall = null, sharpLarge = null;
        var perTrial = new List<SharpnessResult>();
        if (plan.Sharpness is { } s)
        {
            if (small is null)
            {
                skipped.Add("sharpness: no trial finished without diverging");
            }
            else
            {
                var largeModel = large is null ? null : StudySolutions.Load(store, large, data);
                var other = largeModel is null ? null : new OtherSolution(large!.Label, largeModel.state_dict().ToDictionary(p => p.Key, p => p.Value.detach().clone()));
                sharpSmall = Timed("sharpness of the smallest-batch solution", log => SharpnessDiagnostic.Run(StudySolutions.Load(store, small, data), data, spec.Model, small.Label, s, other, log), log);
                sharpLarge = largeModel is null ? null : Timed("sharpness of the largest-batch solution", log => SharpnessDiagnostic.Run(largeModel, data, spec.Model, large!.Label, s, null, log), log);
            }

            if (perTrialSharpness)
            {
                foreach (var (trial, result) in finished.Where(f => !f.Result.Diverged))
                {
                    var solution = new StudySolution($"B = {NumberFormat.Batch(result.Batch, result.FullBatch)}, seed {result.Seed}", trial, result);
                    perTrial.Add(SharpnessDiagnostic.Run(StudySolutions.Load(store, solution, data), data, spec.Model, solution.Label, s, null, log)); // no other solution: no interpolation
                }
            }
        }

        MemoryResult? memory = null;
        if (plan.MemoryLimit is not null && init is TorchScriptModel)
        {
            skipped.Add("memory: a TorchScript model's layers run inside the TorchScript interpreter, where no hook sees their activations");
        }
        else if (plan.MemoryLimit is long limit)
        {
            memoryProbe = plan.MemorySearch || plan.MemoryMeasured.Count > 0 ? memoryProbe : null;
            var options = new MemoryOptions
            {
                Model = spec.Model,
                Input = new ModelInput(data.SampleShape, data.Outputs),
                Optimizer = spec.Train.Optimizer.Kind,
                MicroBatches = memoryProbe is null ? [] : plan.MemoryMeasured,
                Limit = memoryProbe is null || !plan.MemorySearch ? null : limit,
                GuidedSearch = true, // each probe is a fresh process (seconds): start where the model says
            };
            memory = Timed("memory", log => MemoryDiagnostic.Run(options, memoryProbe is null ? null : m => memoryProbe(options, m), log), log);
        }

        var saddle = plan.Saddle is { } o ? Timed("saddle escape", log => SaddleEscapeExperiment.Run(o, log), log) : null;
        var gradientBytes = init.parameters().Sum(p => p.numel() * p.element_size());
        return new StudyDiagnosticsResult(throughput, noiseInit, noiseTrained, overTraining, agreement, sharpSmall, sharpLarge, perTrial, memory, saddle, skipped, data.Train.Count, gradientBytes)
        {
            ChanceError = Training.Pruning.ChanceError(data),
            SelectionSamples = data.Validation.Count > 0 ? data.Validation.Count : data.Test.Count,
        };
    }

    /// <summary>
    /// The noise over training of the study's best finished solution so far (what <see cref="Run"/>
    /// would track), with its own copy of the data; null when there is none or it cannot be
    /// tracked (then <see cref="Run"/> tries again and records why).
    /// </summary>
    public static NoiseOverTrainingResult? TrackNoise(StudyPreset preset, IExperimentStore store, string study, DataContext? context, Action<string> log, StudyProgressTracker? progress = null)
    {
        try
        {
            if (StudySolutions.Best(StudySolutions.Finished(store, study)) is not { } best)
            {
                return null;
            }

            using var data = RunFactory.LoadData(preset.Sweep.Base, context);
            return Timed("noise scale over training (beside the extra seeds)", log => NoiseOverTrainingResult.Run(RunSpec.FromJson(best.Trial.Parameters), data, best.Label, log), log, progress);
        }
        catch (BatchLabException)
        {
            return null;
        }
    }

    /// <summary>Runs one diagnostic, logs its time and tells <paramref name="progress"/> its start, its ticks ("3/8 draws": 3/8 of it done) and its end.</summary>
    static T Timed<T>(string what, Func<Action<string>, T> run, Action<string> log, StudyProgressTracker? progress)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        progress?.Diagnostic(what, 0);
        var result = run(progress is null ? log : line =>
        {
            if (Tick().Match(line) is { Success: true } m && double.TryParse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture, out var total) && total > 0)
            {
                progress.Diagnostic(what, double.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) / total);
            }

            log(line);
        });
        log($"{what}: done in {watch.Elapsed.TotalSeconds:F1} s");
        progress?.DiagnosticDone(what, watch.Elapsed.TotalSeconds);
        return result;
    }

    /// <summary>A diagnostic's progress tick, e.g. "3/8 draws" (the CLI's stage log redraws these).</summary>
    [System.Text.RegularExpressions.GeneratedRegex(@"\b(\d+)/(\d+) (draws|measurements|steps|seeds|runs)\b")]
    private static partial System.Text.RegularExpressions.Regex Tick();

    static T? TryRun<T>(Func<T> run, string what, List<string> skipped)
        where T : class
    {
        try
        {
            return run();
        }
        catch (BatchLabException e)
        {
            skipped.Add($"{what}: {e.Message}");
            return null;
        }
    }
}
