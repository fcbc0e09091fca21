using System.Diagnostics;
using System.Globalization;
using BatchLab.Data;
using BatchLab.Diagnostics.Memory;
using BatchLab.Diagnostics.Throughput;
using BatchLab.Models;
using BatchLab.Runs;
using BatchLab.Studies.Analysis;

namespace BatchLab.Studies.Advice;

/// <summary>
/// Recommends B, M and η from quick measurements instead of a full study: the memory model caps M,
/// the throughput curve gives the hardware knee, a short training run tracks the gradient noise
/// scale (McCandlish et al.: B_simple ≈ the batch beyond which extra samples per update buy
/// little), an optional probe picks η̃, and finished trials of a stored study, when given, take
/// precedence (measured test error and steps to target beat any model of them).
/// </summary>
public static class Advisor
{
    static readonly CultureInfo I = CultureInfo.InvariantCulture;

    /// <param name="studyTrials">Finished trials of a stored study on the same data and model; empty when none.</param>
    public static AdviceResult Run(AdviceOptions options, IReadOnlyList<FinishedTrial> studyTrials, DataContext? context, Action<string>? log = null)
    {
        var clock = Stopwatch.StartNew();
        var spec = options.Run;
        using var data = RunFactory.LoadData(spec, context);
        var trainSize = data.Train.Count;
        options = options with { Throughput = options.Throughput with { Batches = [.. options.Throughput.Batches.Where(b => b <= trainSize)] } };
        options.Validate(trainSize);

        log?.Invoke("memory model");
        var memory = MemoryDiagnostic.Run(new MemoryOptions
        {
            Model = spec.Model,
            Input = new ModelInput(data.SampleShape, data.Outputs),
            Optimizer = spec.Train.Optimizer.Kind,
        }, null, log);
        var maxMicro = options.MemoryLimit is long limit ? StudyAnalysis.MaxMicroBatch(memory, limit) : null;

        log?.Invoke("throughput curve");
        var init = RunFactory.CreateModel(spec, data);
        var gradientBytes = init.parameters().Sum(p => p.numel() * p.element_size());
        var throughput = ThroughputMeasurement.Run(init, data, spec.Data, spec.Model, spec.Train.Device, options.Throughput with { NormBatch = spec.Train.NormBatch }, log);

        var shortRun = spec with
        {
            Train = spec.Train with
            {
                Budget = new Training.Budget(Epochs: options.ProbeEpochs),
                EvalEvery = Training.Duration.Epochs(options.ProbeEpochs / options.NoisePoints),
                TrainEvalSamples = Math.Min(trainSize, 4096),
            },
        };
        var runBatch = spec.Train.Batch.Resolve(trainSize);
        log?.Invoke(string.Create(I, $"short run: {options.ProbeEpochs:G3} epochs at B = {runBatch} tracking the noise scale"));
        var noise = NoiseOverTrainingResult.Run(shortRun, data, $"short run at B = {runBatch}", log, keepTarget: true);
        // At B ≲ B_simple the tracker cannot measure B_simple, only bound it from below: then the bound is used, and said.
        var lowerBound = noise.Points.Count == 0 && noise.NotMeasurable.Count > 0;
        double? noiseScale = noise.Points.Count > 0 ? noise.Points[^1].NoiseScale : lowerBound ? noise.NotMeasurable[^1].LowerBound : null;

        var selectionSamples = data.Validation.Count > 0 ? data.Validation.Count : data.Test.Count;
        var inputs = Inputs(studyTrials, trainSize, selectionSamples, Training.Pruning.ChanceError(data), throughput) with
        {
            NoiseScale = noiseScale,
            NoiseScaleIsLowerBound = lowerBound,
            HardwareKnee = throughput.Knee.Batch,
            MaxMicroBatch = maxMicro,
        };
        var recommendation = Recommender.Recommend(inputs);

        LearningRateProbeResult? probe = null;
        if (options.ProbeBaseRates is { Count: > 0 } rates && recommendation.BaseLearningRate is null)
        {
            probe = LearningRateProbeResult.Run(spec, data, recommendation.Batch, rates, options.ProbeRateEpochs, log);
            recommendation = Recommender.Recommend(inputs with { ProbedBaseLearningRate = probe.BestBaseLearningRate });
        }

        var curve = ThroughputCurve.From(throughput);
        var (expected, note) = Expected(recommendation, noise, noiseScale, runBatch, curve, spec.Train.Target);
        var projection = DataParallelProjection.Project(recommendation.Batch, gradientBytes, curve, options.Workers,
            options.BandwidthBytesPerSecond, options.LatencySeconds, expected?.Updates);
        var adaptive = AdaptiveAdvice.From([.. noise.Points.Select(p => p.NoiseScale)], curve, trainSize);
        return new AdviceResult(spec.Data, spec.Model, trainSize, recommendation, expected, note, memory, maxMicro, throughput, noise,
            noiseScale, probe, studyTrials.Count, projection, clock.Elapsed.TotalSeconds)
        { Adaptive = adaptive };
    }

    /// <summary>
    /// The recommendation's inputs from a stored study's finished trials, through the same
    /// <see cref="StudyEvidence"/> and rule as `study`'s answer: the chance error of these data,
    /// the default pruning margin, and this machine's throughput curve as the solo timings.
    /// Without trials, only the training-set size.
    /// </summary>
    public static RecommendationInputs Inputs(IReadOnlyList<FinishedTrial> studyTrials, long trainSize, long? selectionSamples, double? chanceError, ThroughputResult? throughput) =>
        studyTrials.Count == 0
            ? new RecommendationInputs(trainSize)
            : StudyEvidence.Of(studyTrials, chanceError, Training.Pruning.Default.ChanceMargin, StudyEvidence.SoloTimes(throughput)).Inputs(trainSize, selectionSamples);

    /// <summary>
    /// Updates and time to the target at the recommended B. From a study: its measured steps.
    /// Otherwise from the short run, if it met the target at B_run after S_run updates, scaled by
    /// McCandlish et al.'s S(B) = S_min(1 + B_noise/B) with B_noise ≈ B_simple:
    /// S(B) = S_run · (1 + B_noise/B) / (1 + B_noise/B_run); time = S(B) · B / samples per second at B.
    /// </summary>
    static (TimeToTarget?, string?) Expected(Recommendation r, NoiseOverTrainingResult noise, double? noiseScale, long runBatch, Func<long, double> samplesPerSecond, Training.Target? target)
    {
        if (r.ExpectedSecondsToTarget is double measured)
        {
            return (new TimeToTarget(r.ExpectedUpdatesToTarget ?? double.NaN, measured, "measured by the stored study: the recommended cell's updates to the target × measured seconds per update at this B"), null);
        }

        if (target is null)
        {
            return (null, "no --target was given, so there is no time to target to expect");
        }

        if (noise.TargetReached is not { } hit)
        {
            return (null, $"the short run at B = {runBatch} did not reach {target.Metric} ≤ {target.Threshold.ToString(I)}; run longer (--probe-epochs) or a study for steps to target");
        }

        var bNoise = noiseScale is double n && double.IsFinite(n) && n > 0 ? n : 0;
        var updates = hit.Update * (1 + (bNoise / r.Batch)) / (1 + (bNoise / runBatch));
        var seconds = updates * r.Batch / samplesPerSecond(r.Batch);
        var how = string.Create(I, $"the short run met {target.Metric} ≤ {target.Threshold} after {hit.Update:N0} updates at B = {runBatch}; scaled to B = {r.Batch} by S(B) = S_min(1 + B_noise/B) with B_noise ≈ B_simple = {bNoise:G3} (a model, McCandlish et al. 2018), times the measured seconds per update at B = {r.Batch}");
        return (new TimeToTarget(updates, seconds, how), null);
    }
}
