using BatchLab.Training;
using TorchSharp.Modules;

namespace BatchLab.Diagnostics.Noise;

/// <summary>
/// Tracks B_simple during training almost for free (as AdaptDL and k-diffusion do): after the
/// first micro-batch of m samples the accumulated .grad is (m/B)·g_m, so |g_m|² = |.grad|²·(B/m)²;
/// after the last it is the update gradient g_B. Each update with m &lt; B gives one two-batch
/// estimate of |G|² and tr Σ (<see cref="NoiseScaleEstimate.TwoBatch"/>); both are smoothed with an
/// exponential moving average (<see cref="WeightedMoments"/>, which also keeps their spread) and
/// every evaluation gets <c>grad_sq_norm</c> (|G|²) and <c>trace_cov</c> (tr Σ) with their
/// standard errors, and, when |G|² is resolved (<see cref="RatioEstimate"/>), their ratio
/// <c>noise_scale</c> with a 90% Fieller interval (<c>noise_scale_low</c>,
/// <c>noise_scale_high</c>). When it is not — B ≲ B_simple: each update's |G|² estimate is then
/// mostly noise, and a ratio of smoothed noise reads anything from 0.7 to 150 where the truth is
/// 200 — no <c>noise_scale</c> is reported, only <c>noise_scale_lower_bound</c>: "not measurable
/// at this B". Updates whose first micro-batch is the whole batch (M = B, or an epoch's short last
/// update) give no estimate.
/// Cost: two squared norms of the gradient per estimate (about 0.1 ms for mlp:256 on one core,
/// mostly per-op overhead), so small batches estimate only every ⌈<c>samplesPerEstimate</c>/B⌉-th
/// update: at most one estimate per 256 samples by default, every update from B = 256 on, and still
/// N/256 estimates per epoch (215 on MNIST). The averages restart when a run resumes (they are not
/// checkpointed).
/// </summary>
public sealed class NoiseScaleTracker : IGradientProbe, IEvaluationMetrics
{
    readonly long? population;
    readonly long samplesPerEstimate;
    readonly WeightedMoments moments;
    long firstSize;
    double firstSquaredNorm;

    /// <param name="population">N for batches drawn without replacement (shuffled epochs); null for independent draws.</param>
    /// <param name="smoothing">β of the moving averages; 0.99 ≈ the last 100 estimates (25,600 samples or more).</param>
    /// <param name="samplesPerEstimate">Estimate at most once per this many samples (every update when B reaches it).</param>
    public NoiseScaleTracker(long? population, double smoothing = 0.99, long samplesPerEstimate = 256)
    {
        if (smoothing is < 0 or >= 1)
        {
            throw new BatchLabException($"noise-scale smoothing {smoothing} must be in [0, 1)");
        }

        if (samplesPerEstimate < 1)
        {
            throw new BatchLabException($"noise-scale samples per estimate {samplesPerEstimate} must be at least 1");
        }

        this.population = population;
        this.samplesPerEstimate = samplesPerEstimate;
        moments = new WeightedMoments(smoothing);
    }

    /// <summary>A tracker for a run with this plan (finite-population weights unless it samples with replacement).</summary>
    public static NoiseScaleTracker For(BatchPlan plan, double smoothing = 0.99, long samplesPerEstimate = 256) =>
        new(plan.Sampling == SamplingMode.Replacement ? null : plan.TrainSize, smoothing, samplesPerEstimate);

    /// <summary>Updates that gave an estimate so far.</summary>
    public long Estimates => moments.Count;

    /// <summary>The smoothed |G|² and tr Σ; null before the first estimate.</summary>
    public NoiseScaleEstimate? Current => moments.Count > 0 ? new NoiseScaleEstimate(moments.MeanX, moments.MeanY) : null;

    /// <summary>The smoothed |G|² and tr Σ with their uncertainty, and whether their ratio is measurable; null before two estimates.</summary>
    public RatioEstimate? Ratio => moments.Count > 1 ? RatioEstimate.From(moments) : null;

    public void AfterMicroBatch(long update, int microBatch, long samplesSoFar, long batch, IReadOnlyList<Parameter> parameters)
    {
        if (microBatch != 0)
        {
            return;
        }

        var every = (samplesPerEstimate + batch - 1) / batch;
        firstSize = samplesSoFar < batch && update % every == 0 ? samplesSoFar : 0;
        if (firstSize > 0)
        {
            var scale = (double)batch / samplesSoFar;
            firstSquaredNorm = GradientNorm.Squared(parameters) * scale * scale;
        }
    }

    public void AfterBatch(long update, long batch, IReadOnlyList<Parameter> parameters)
    {
        if (firstSize == 0)
        {
            return;
        }

        var estimate = NoiseScaleEstimate.TwoBatch(firstSize, firstSquaredNorm, batch, GradientNorm.Squared(parameters), population);
        moments.Add(estimate.GradientSquaredNorm, estimate.TraceCovariance);
        firstSize = 0;
    }

    public void AddTo(IDictionary<string, double> values)
    {
        if (Current is not { } current)
        {
            return;
        }

        values["grad_sq_norm"] = current.GradientSquaredNorm;
        values["trace_cov"] = current.TraceCovariance;
        if (Ratio is not { } ratio)
        {
            return;
        }

        values["grad_sq_norm_se"] = ratio.GradientSquaredNormError;
        values["trace_cov_se"] = ratio.TraceCovarianceError;
        if (ratio.Measurable)
        {
            values["noise_scale"] = ratio.NoiseScale;
            values["noise_scale_low"] = ratio.Low;
            values["noise_scale_high"] = ratio.High;
        }
        else if (double.IsFinite(ratio.LowerBound) && ratio.LowerBound > 0)
        {
            values["noise_scale_lower_bound"] = ratio.LowerBound;
        }
    }
}
