using BatchLab.Models;
using BatchLab.Training.Optimizers;

namespace BatchLab.Diagnostics.Memory;

/// <summary>
/// What <see cref="MemoryDiagnostic"/> predicts and measures. Measurements are opt-in because each
/// one trains the model in a fresh process: give <see cref="MicroBatches"/> to validate the
/// prediction, <see cref="Limit"/> to search the largest M that fits.
/// </summary>
public sealed record MemoryOptions
{
    public required string Model { get; init; }

    public required ModelInput Input { get; init; }

    /// <summary>SGD means SGD with momentum 0.9 (one state tensor per weight); Adam keeps two.</summary>
    public OptimizerKind Optimizer { get; init; } = OptimizerKind.Sgd;

    /// <summary>Micro-batches at which real training steps are measured (empty: prediction only).</summary>
    public IReadOnlyList<long> MicroBatches { get; init; } = [];

    /// <summary>Memory limit in bytes for the largest-M search (null: no search).</summary>
    public long? Limit { get; init; }

    /// <summary>Safety margin: a probe fits when it uses at most limit × (1 − margin).</summary>
    public double Margin { get; init; } = 0.1;

    /// <summary>Largest M the search tries.</summary>
    public long MaxMicroBatch { get; init; } = 4096;

    /// <summary>Most measurements the search makes (each a fresh process running a few steps).</summary>
    public int MaxProbes { get; init; } = 12;

    /// <summary>Start the search's growth at half the model's answer instead of at M = 1 (<see cref="LimitSearch"/>): two probes instead of a dozen when the cap fits with room to spare.</summary>
    public bool GuidedSearch { get; init; }

    /// <summary>Training steps per measurement: the first allocates gradients and optimizer state.</summary>
    public int Steps { get; init; } = 2;

    public void Validate()
    {
        Require(MicroBatches.All(m => m >= 1), "--micro-batch values must be positive");
        Require(Limit is null or > 0, "--memory must be positive");
        Require(Margin is >= 0 and < 1, $"--margin must be in [0, 1), got {Margin}");
        Require(MaxMicroBatch >= 1 && MaxProbes >= 2 && Steps >= 1, "--max-micro-batch must be ≥ 1, --max-probes ≥ 2 and --steps ≥ 1");
    }

    static void Require(bool condition, string message)
    {
        if (!condition)
        {
            throw new BatchLabException(message, BatchLabException.BadInput);
        }
    }
}
