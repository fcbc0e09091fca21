using BatchLab.Training.Adaptive;
using BatchLab.Training.Optimizers;

namespace BatchLab.Training;

/// <summary>
/// Everything that decides a training run besides the model and the data. Defaults: B = 32,
/// M = B, G = none (plain BatchNorm per pass), shuffled epochs, plain SGD, one epoch, evaluation
/// once per epoch, float32 on the CPU, seed 0.
/// </summary>
public sealed record TrainOptions
{
    public BatchSize Batch { get; init; } = BatchSize.Of(32);

    /// <summary>When set, B changes during training (<see cref="AdaptiveBatch"/>) and <see cref="Batch"/> is ignored: B starts at its minimum.</summary>
    public AdaptiveBatch? Adaptive { get; init; }

    /// <summary>M: samples per forward/backward pass; null = B. Changes memory and speed only.</summary>
    public long? MicroBatch { get; init; }

    /// <summary>G: samples per BatchNorm statistic (ghost batch norm); null = each pass.</summary>
    public long? NormBatch { get; init; }

    public SamplingMode Sampling { get; init; } = SamplingMode.Shuffle;

    public bool DropLast { get; init; }

    public OptimizerOptions Optimizer { get; init; } = new();

    public LearningRateOptions LearningRate { get; init; } = new(Lr: 0.1);

    public Budget Budget { get; init; } = new();

    public Target? Target { get; init; }

    /// <summary>Stop early, as PRUNED, when the run is clearly not learning; null = never prune.</summary>
    public Pruning? Pruning { get; init; }

    /// <summary>Evaluation interval; null = once per epoch. Evaluation also runs before the first and after the last update.</summary>
    public Duration? EvalEvery { get; init; }

    /// <summary>Training samples used to measure train loss/error at evaluations; null = all.</summary>
    public long? TrainEvalSamples { get; init; }

    /// <summary>Evaluate on a screen of each split where no decision turns on the value (<see cref="Training.EvalScreen"/>); null = every evaluation reads whole splits.</summary>
    public EvalScreen? Screen { get; init; }

    /// <summary>Clip the update gradient's global L2 norm to this value; null = no clipping.</summary>
    public double? ClipGradNorm { get; init; }

    public long Seed { get; init; }

    public Precision Precision { get; init; } = Precision.Float32;

    public string Device { get; init; } = "cpu";

    /// <summary>
    /// Refuses settings that would train silently wrong, before any data is loaded: a clipping
    /// norm ≤ 0 reverses (negative) or freezes (zero) every update, a train-evaluation subset
    /// ≤ 0 makes the train loss NaN, and the learning-rate, optimizer and budget rules of
    /// <see cref="LearningRateOptions.Validate"/>, <see cref="OptimizerOptions.Validate"/> and
    /// <see cref="Budget.Validate"/>. What needs the data (B against the training set, G against M)
    /// is checked by <see cref="BatchPlan"/>; what needs the model, by <c>RunSpec.Validate</c>.
    /// </summary>
    public void Validate()
    {
        if (MicroBatch is <= 0)
        {
            throw new BatchLabException($"--micro-batch must be a positive number of samples, got {MicroBatch}");
        }

        if (NormBatch is <= 0)
        {
            throw new BatchLabException($"--norm-batch must be a positive number of samples, got {NormBatch}");
        }

        if (ClipGradNorm is double clip && !(clip > 0 && double.IsFinite(clip)))
        {
            throw new BatchLabException(
                $"--clip-grad-norm must be a positive finite number (the largest gradient norm an update may have), got {clip}; leave it out for no clipping");
        }

        if (TrainEvalSamples is <= 0)
        {
            throw new BatchLabException($"--train-eval-samples must be a positive number of samples, got {TrainEvalSamples}; leave it out to use the whole training split");
        }

        Screen?.Validate();
        Optimizer.Validate();
        LearningRate.Validate();
        Budget.Validate();
    }

    /// <summary>
    /// The goodput policy reads the noise scale off the first micro-batch against the whole batch,
    /// so without an explicit M it uses M = B₀/2 (a multiple of G): exact accumulation makes M a
    /// matter of speed only. Other runs default to M = B.
    /// </summary>
    long? AdaptiveMicroBatch() => Adaptive is { Policy: BatchPolicyKind.Goodput, Min: > 1 } a
        ? NormBatch is long g ? Math.Max(g, a.Min / 2 / g * g) : a.Min / 2
        : null;

    /// <summary>The plan at the start: an adaptive run starts at B₀ = its minimum (and M = B₀ unless given).</summary>
    public BatchPlan Plan(long trainSize)
    {
        var plan = BatchPlan.Create(Adaptive is { } a ? BatchSize.Of(a.Min) : Batch, MicroBatch ?? AdaptiveMicroBatch(), NormBatch, trainSize, DropLast, Sampling);
        Adaptive?.Validate(plan.MicroBatch, trainSize);
        return plan;
    }
}
