namespace BatchLab.Diagnostics.Noise;

/// <summary>
/// What <see cref="NoiseScale.Measure"/> samples: <see cref="Draws"/> independent mini-batch
/// gradients at each of <see cref="Batches"/>, every pair of sizes giving a two-batch estimate.
/// Cost: Draws × Σ Batches forward/backward samples (50 × 584 ≈ 29,000 for the defaults, about
/// half an MNIST epoch).
/// </summary>
public sealed record NoiseScaleOptions
{
    /// <summary>Batch sizes to sample; at least two, all distinct. Wider spans separate |G|² from tr Σ better.</summary>
    public IReadOnlyList<long> Batches { get; init; } = [8, 64, 512];

    /// <summary>Gradients drawn per batch size; the estimate uses their mean squared norms.</summary>
    public int Draws { get; init; } = 50;

    /// <summary>Samples per forward/backward pass (memory only).</summary>
    public long Chunk { get; init; } = 1024;

    /// <summary>Bootstrap resamples of the draws for the uncertainty.</summary>
    public int Resamples { get; init; } = 1000;

    public long Seed { get; init; }

    /// <summary>Also compute |G|² exactly over the whole population (one full gradient) and base the headline on it.</summary>
    public bool Exact { get; init; } = true;

    /// <summary>Rejects settings that cannot give an estimate, before any gradient is computed.</summary>
    public void Validate(long population)
    {
        if (Batches.Count < 2 || Batches.Distinct().Count() != Batches.Count || Batches.Any(b => b < 1 || b >= population))
        {
            throw new BatchLabException($"--batches must list at least two distinct sizes between 1 and {population - 1} (the population), e.g. 8,64,512");
        }

        if (Draws is < 2 or > 100_000)
        {
            throw new BatchLabException($"--draws {Draws} must be between 2 and 100000");
        }

        if (Resamples is < 10 or > 1_000_000)
        {
            throw new BatchLabException($"bootstrap resamples {Resamples} must be between 10 and 1000000");
        }
    }
}
