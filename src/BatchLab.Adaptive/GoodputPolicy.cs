using System.Diagnostics;
using BatchLab.Diagnostics.Noise;
using BatchLab.Text;
using BatchLab.Training;
using BatchLab.Training.Adaptive;
using TorchSharp.Modules;

namespace BatchLab.Adaptive;

/// <summary>
/// Pollux/AdaptDL's rule on one machine: every <see cref="AdaptiveBatch.Every"/> of training, B
/// becomes the candidate (B₀·2^k within [min, max], multiples of M, at most a factor away from
/// the current B) with the highest goodput = measured throughput(B) × efficiency(B), from the
/// noise scale of the interval just trained (<see cref="NoiseWindow"/>), and η follows the chosen
/// rule (AdaScale's gain by default). Decisions depend only on the gradients and the throughput
/// table, both in the checkpointed state, so a resumed run decides exactly as an uninterrupted one.
/// Cost: two squared gradient norms per estimate, at most one estimate per 64 samples (every
/// update from B = 64 on), and a few arithmetic operations per decision.
/// </summary>
public sealed class GoodputPolicy : IBatchPolicy, IGradientProbe, IEvaluationMetrics
{
    const long SamplesPerEstimate = 64;
    readonly AdaptiveBatch options;
    readonly BatchPlan plan;
    readonly long? population;
    readonly long interval;
    readonly IGradientProbe? inner;
    readonly NoiseWindow window = new();
    ThroughputTable throughput;
    long firstSize;
    double firstSquaredNorm;
    long nextDecision;
    double noiseScale = double.NaN;
    bool resolved;
    double predicted = double.NaN;
    long overheadTicks;

    /// <param name="inner">Another probe that should see the same gradients (e.g. the noise tracker of --track-noise).</param>
    public GoodputPolicy(AdaptiveBatch options, BatchPlan plan, ThroughputTable throughput, IGradientProbe? inner = null)
    {
        if (plan.MicroBatch >= options.Min)
        {
            throw new BatchLabException($"the goodput policy estimates the noise scale from the first micro-batch against the whole batch, so it needs M < B₀ = {options.Min}; pass --micro-batch {Math.Max(1, options.Min / 2)}", BatchLabException.BadInput);
        }

        this.options = options;
        this.plan = plan;
        this.throughput = throughput;
        this.inner = inner;
        population = plan.Sampling == SamplingMode.Replacement ? null : plan.TrainSize;
        interval = options.Every.ToUpdates(plan) * plan.Batch;
        nextDecision = interval;
        Batch = plan.Batch;
    }

    public long Batch { get; private set; }

    public double RateScale { get; private set; } = 1;

    /// <summary>
    /// Seconds this policy spent on estimates and decisions (its overhead), this session. Kept out
    /// of the evaluations: they stay a deterministic function of the seed.
    /// </summary>
    public double OverheadSeconds => (double)overheadTicks / Stopwatch.Frequency;

    public BatchDecision? AfterUpdate(TrainCounters counters)
    {
        if (counters.Samples < nextDecision)
        {
            return null;
        }

        var started = Stopwatch.GetTimestamp();
        while (nextDecision <= counters.Samples)
        {
            nextDecision += interval;
        }

        var decision = Decide(counters);
        overheadTicks += Stopwatch.GetTimestamp() - started;
        return decision;
    }

    BatchDecision? Decide(TrainCounters counters) => window.Take() is { } reading ? DecideOn(reading, counters) : null;

    /// <summary>The decision one interval's noise reading leads to (internal: tests feed readings directly).</summary>
    internal BatchDecision? DecideOn(NoiseReading reading, TrainCounters counters)
    {
        // Not resolved: the reading is a lower bound on B_noise (the noise dominates the signal
        // at this B); decide on it, which grows B no faster than the data justify.
        resolved = reading.Resolved;
        noiseScale = reading.NoiseScale;
        var candidates = Candidates().ToList();
        var evaluated = Goodput.Evaluate(candidates, throughput.SamplesPerSecond, noiseScale, options.Min);
        var choice = Goodput.Choose(evaluated, Batch, options.MinGain);
        var scale = options.RateScale(choice.Batch, choice.Efficiency);
        predicted = choice.Goodput;
        if (choice.Batch == Batch && Math.Abs(scale - RateScale) <= 1e-9 * scale)
        {
            return null;
        }

        var noise = NumberFormat.General.Format(noiseScale);
        var reason = choice.Batch == Batch
            ? $"η rescaled for B_noise {(resolved ? "≈" : "≥")} {noise}"
            : $"goodput {NumberFormat.General.Format(choice.Goodput)} samples/s at B = {choice.Batch} vs {NumberFormat.General.Format(evaluated.First(c => c.Batch == Batch).Goodput)} at B = {Batch} (B_noise {(resolved ? "≈" : "≥")} {noise})";
        (Batch, RateScale) = (choice.Batch, scale);
        return new BatchDecision(counters.Update, counters.Samples, Batch, RateScale, noiseScale, predicted, reason);
    }

    /// <summary>B₀·2^k within [min, max] and the training set, at most a factor away from the current B, and the current B.</summary>
    IEnumerable<long> Candidates()
    {
        var low = Batch / options.Factor;
        var high = Batch * options.Factor;
        var seen = new SortedSet<long> { Batch };
        for (var b = options.Min; b <= options.Max; b *= 2)
        {
            var clamped = options.Clamp(b, plan.MicroBatch, plan.TrainSize);
            if (clamped >= low && clamped <= high)
            {
                seen.Add(clamped);
            }
        }

        return seen;
    }

    public void AfterMicroBatch(long update, int microBatch, long samplesSoFar, long batch, IReadOnlyList<Parameter> parameters)
    {
        inner?.AfterMicroBatch(update, microBatch, samplesSoFar, batch, parameters);
        if (microBatch != 0)
        {
            return;
        }

        var every = (SamplesPerEstimate + batch - 1) / batch;
        firstSize = samplesSoFar < batch && update % every == 0 ? samplesSoFar : 0;
        if (firstSize > 0)
        {
            var started = Stopwatch.GetTimestamp();
            var scale = (double)batch / samplesSoFar;
            firstSquaredNorm = GradientNorm.Squared(parameters) * scale * scale;
            overheadTicks += Stopwatch.GetTimestamp() - started;
        }
    }

    public void AfterBatch(long update, long batch, IReadOnlyList<Parameter> parameters)
    {
        inner?.AfterBatch(update, batch, parameters);
        if (firstSize == 0)
        {
            return;
        }

        var started = Stopwatch.GetTimestamp();
        var estimate = NoiseScaleEstimate.TwoBatch(firstSize, firstSquaredNorm, batch, GradientNorm.Squared(parameters), population);
        window.Add(estimate.GradientSquaredNorm, estimate.TraceCovariance);
        firstSize = 0;
        overheadTicks += Stopwatch.GetTimestamp() - started;
    }

    public void AddTo(IDictionary<string, double> values)
    {
        values["batch"] = Batch;
        values["lr_scale"] = RateScale;
        if (double.IsFinite(noiseScale))
        {
            values["policy_noise_scale"] = noiseScale;
            values["policy_noise_resolved"] = resolved ? 1 : 0;
            values["predicted_goodput"] = predicted;
        }
    }

    public IReadOnlyDictionary<string, double> Save()
    {
        var state = new Dictionary<string, double>
        {
            ["batch"] = Batch,
            ["lr_scale"] = RateScale,
            ["next_decision"] = nextDecision,
            ["noise_scale"] = noiseScale,
            ["noise_resolved"] = resolved ? 1 : 0,
            ["predicted_goodput"] = predicted,
        };
        window.SaveTo(state);
        throughput.SaveTo(state);
        return state;
    }

    public void Restore(IReadOnlyDictionary<string, double> state)
    {
        if (state.Count == 0)
        {
            return;
        }

        Batch = (long)state["batch"];
        RateScale = state["lr_scale"];
        nextDecision = (long)state["next_decision"];
        noiseScale = state["noise_scale"];
        resolved = state["noise_resolved"] != 0;
        predicted = state["predicted_goodput"];
        window.RestoreFrom(state);
        if (ThroughputTable.From(state) is { IsEmpty: false } saved)
        {
            throughput = saved;
        }
    }
}
