using System.Diagnostics;
using BatchLab.Data;
using BatchLab.Models;

namespace BatchLab.Diagnostics.Memory;

/// <summary>
/// How much memory does training take at micro-batch M, and what is the largest M that fits?
/// Profiles the model's activations with forward hooks (one sample), builds the
/// <see cref="MemoryModel"/>, measures real training steps at the requested M through
/// <c>measure</c> (which should run each in a fresh process, see <see cref="MemoryProbe"/>), and
/// searches the largest M under a limit, first from the model and then by probe.
/// Cost: building the model once (seconds for vgg16) plus one probe per measurement.
/// </summary>
public static class MemoryDiagnostic
{
    /// <summary>Predictions are listed at least for M = 1, 2, 4, …, this.</summary>
    public const long PredictUpTo = 256;

    public static MemoryResult Run(MemoryOptions options, Func<long, ProbeMeasurement>? measure = null, Action<string>? log = null)
    {
        options.Validate();
        if ((options.MicroBatches.Count > 0 || options.Limit is not null) && measure is null)
        {
            throw new ArgumentException("measurements were asked for but no way to measure was given", nameof(measure));
        }

        var watch = Stopwatch.StartNew();
        ActivationProfile profile;
        long parameters, parameterBytes;
        bool batchNorm;
        using (var model = ModelZoo.Create(options.Model, options.Input))
        {
            parameters = model.CountParameters();
            parameterBytes = model.parameters().Sum(p => p.numel() * p.element_size());
            batchNorm = model.modules().Any(m => m is TorchSharp.Modules.BatchNorm);
            profile = ActivationProfile.Measure(model, options.Input, TaskKind.Classification);
        }

        var prediction = MemoryModel.For(profile, parameterBytes, options.Optimizer);
        log?.Invoke($"memory: {parameters:N0} parameters; predicted {ByteSize.Format(prediction.FixedBytes)} + M × {ByteSize.Format(prediction.BytesPerSample)}");
        var measured = new Dictionary<long, ProbeMeasurement>();
        ProbeMeasurement Probe(long m)
        {
            log?.Invoke($"memory: measuring {options.Steps} training steps at M = {m} in a fresh process...");
            var result = measure!(m);
            log?.Invoke($"  peak {ByteSize.Format(result.TrainingBytes)} above a baseline of {ByteSize.Format(result.BaselineBytes)} (predicted {ByteSize.Format(prediction.Predict(m))}), {result.SecondsPerStep:F2} s per step");
            measured.TryAdd(m, result);
            return result;
        }

        foreach (var m in options.MicroBatches.Distinct().Order())
        {
            Probe(m);
        }

        // Ghost BatchNorm needs two samples per normalization batch, so such models start at M = 2.
        var limit = options.Limit is { } b
            ? LimitSearch.Run(
                prediction, b, options.Margin, m => Probe(m).TrainingBytes, batchNorm ? 2 : 1, options.MaxMicroBatch, options.MaxProbes,
                ProcessMemory.Supported ? ProcessMemory.AvailableBytes() * 8 / 10 : null, measured.ToDictionary(p => p.Key, p => p.Value.TrainingBytes), options.GuidedSearch)
            : null;
        var sizes = Enumerable.Range(0, 63).Select(i => 1L << i).TakeWhile(m => m <= Math.Max(PredictUpTo, measured.Keys.DefaultIfEmpty(1).Max()))
            .Concat(measured.Keys).Distinct().Order();
        var points = sizes.Select(m => MemoryPoint.From(prediction, m, measured.GetValueOrDefault(m))).ToList();
        return new MemoryResult(
            options.Model, options.Input.SampleShape, options.Input.Outputs, options.Optimizer, parameters, parameterBytes,
            profile.InputFloats, profile.FeatureMapFloats, FeatureMapTally.For(profile), prediction, profile.Layers, points, limit,
            watch.Elapsed.TotalSeconds);
    }
}
