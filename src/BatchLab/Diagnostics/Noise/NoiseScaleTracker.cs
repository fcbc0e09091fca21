using BatchLab.Training;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace BatchLab.Diagnostics.Noise;

/// <summary>
/// Tracks B_simple during training almost for free (as AdaptDL and k-diffusion do): after the
/// first micro-batch of m samples the accumulated .grad is (m/B)·g_m, so |g_m|² = |.grad|²·(B/m)²;
/// after the last it is the update gradient g_B. Each update with m &lt; B gives one two-batch
/// estimate of |G|² and tr Σ (<see cref="NoiseScaleEstimate.TwoBatch"/>); both are smoothed with an
/// <see cref="Ema"/> and their ratio is added to every evaluation as <c>noise_scale</c>, beside
/// <c>grad_sq_norm</c> (|G|²) and <c>trace_cov</c> (tr Σ). Updates whose first micro-batch is the
/// whole batch (M = B, or an epoch's short last update) give no estimate.
/// Cost: two squared norms of the gradient per update (read P floats twice). The averages restart
/// when a run resumes (they are not checkpointed).
/// </summary>
public sealed class NoiseScaleTracker : IGradientProbe, IEvaluationMetrics
{
    readonly long? population;
    readonly Ema squaredNorm;
    readonly Ema trace;
    long firstSize;
    double firstSquaredNorm;

    /// <param name="population">N for batches drawn without replacement (shuffled epochs); null for independent draws.</param>
    /// <param name="smoothing">β of the moving averages; 0.99 ≈ the last 100 updates.</param>
    public NoiseScaleTracker(long? population, double smoothing = 0.99)
    {
        if (smoothing is < 0 or >= 1)
        {
            throw new BatchLabException($"noise-scale smoothing {smoothing} must be in [0, 1)");
        }

        this.population = population;
        squaredNorm = new Ema(smoothing);
        trace = new Ema(smoothing);
    }

    /// <summary>A tracker for a run with this plan (finite-population weights unless it samples with replacement).</summary>
    public static NoiseScaleTracker For(BatchPlan plan, double smoothing = 0.99) =>
        new(plan.Sampling == SamplingMode.Replacement ? null : plan.TrainSize, smoothing);

    /// <summary>Updates that gave an estimate so far.</summary>
    public long Estimates => squaredNorm.Count;

    /// <summary>The smoothed |G|² and tr Σ; null before the first estimate.</summary>
    public NoiseScaleEstimate? Current => squaredNorm.Value is { } g && trace.Value is { } t ? new NoiseScaleEstimate(g, t) : null;

    public void AfterMicroBatch(long update, int microBatch, long samplesSoFar, long batch, IReadOnlyList<Parameter> parameters)
    {
        if (microBatch != 0)
        {
            return;
        }

        firstSize = samplesSoFar < batch ? samplesSoFar : 0;
        if (firstSize > 0)
        {
            var scale = (double)batch / samplesSoFar;
            firstSquaredNorm = SquaredNorm(parameters) * scale * scale;
        }
    }

    public void AfterBatch(long update, long batch, IReadOnlyList<Parameter> parameters)
    {
        if (firstSize == 0)
        {
            return;
        }

        var estimate = NoiseScaleEstimate.TwoBatch(firstSize, firstSquaredNorm, batch, SquaredNorm(parameters), population);
        squaredNorm.Add(estimate.GradientSquaredNorm);
        trace.Add(estimate.TraceCovariance);
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
        if (double.IsFinite(current.NoiseScale))
        {
            values["noise_scale"] = current.NoiseScale;
        }
    }

    static double SquaredNorm(IReadOnlyList<Parameter> parameters)
    {
        using var scope = NewDisposeScope();
        Tensor? total = null;
        foreach (var p in parameters)
        {
            if (p.grad is { } grad)
            {
                var sum = grad.square().sum(ScalarType.Float64);
                total = total is null ? sum : total.add_(sum);
            }
        }

        return total?.item<double>() ?? 0;
    }
}
