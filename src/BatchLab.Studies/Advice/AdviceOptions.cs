using BatchLab.Diagnostics.Throughput;
using BatchLab.Runs;

namespace BatchLab.Studies.Advice;

/// <summary>
/// What `advise` measures and how long it spends. The defaults take about half a minute for a
/// small MLP on MNIST on 2 cores: a throughput curve, one short training run that tracks the
/// gradient noise scale, and (optionally) a few very short runs that probe the learning rate.
/// </summary>
public sealed record AdviceOptions
{
    /// <summary>
    /// Data, model and training settings of the short run (its batch, optimizer, learning rate,
    /// seed and target). The run's batch needs B ≥ 2: the noise estimate compares a micro-batch
    /// gradient with the batch gradient.
    /// </summary>
    public required RunSpec Run { get; init; }

    /// <summary>Bytes one training pass may use; caps the micro-batch M through the memory model. Null = no cap.</summary>
    public long? MemoryLimit { get; init; }

    /// <summary>Data-parallel worker counts K to project.</summary>
    public IReadOnlyList<int> Workers { get; init; } = [1, 2, 4, 8];

    /// <summary>Batch sizes and timing of the throughput curve (shorter than `diagnose throughput`'s defaults).</summary>
    public ThroughputOptions Throughput { get; init; } = new() { Batches = [.. Enumerable.Range(0, 11).Select(i => 1L << i)], Repeats = 3, Seconds = 0.1, MatmulSize = 1024 };

    /// <summary>Length of the short run that tracks the noise scale, in epochs.</summary>
    public double ProbeEpochs { get; init; } = 1;

    /// <summary>Evaluations (noise-scale points) over the short run.</summary>
    public int NoisePoints { get; init; } = 5;

    /// <summary>Per-sample rates η̃ to probe at the recommended B; null or empty = no probe.</summary>
    public IReadOnlyList<double>? ProbeBaseRates { get; init; }

    /// <summary>Length of each learning-rate probe run, in epochs.</summary>
    public double ProbeRateEpochs { get; init; } = 0.25;

    /// <summary>Link assumed by the data-parallel projection (default 10 Gbit/s Ethernet) and its latency per all-reduce.</summary>
    public double BandwidthBytesPerSecond { get; init; } = 1.25e9;

    public double LatencySeconds { get; init; } = 50e-6;

    public void Validate(long trainSize)
    {
        if (Run.Train.Batch.Resolve(trainSize) < 2)
        {
            throw new BatchLabException("advise needs --batch of at least 2 for its short run: the noise scale compares a micro-batch gradient with the batch gradient", BatchLabException.BadInput);
        }

        if (!(ProbeEpochs > 0) || !(ProbeRateEpochs > 0) || NoisePoints < 2)
        {
            throw new BatchLabException($"--probe-epochs ({ProbeEpochs}) and the probe length ({ProbeRateEpochs}) must be positive, with at least 2 noise points (got {NoisePoints})", BatchLabException.BadInput);
        }

        if (Workers.Count == 0 || Workers.Any(k => k < 1))
        {
            throw new BatchLabException("--workers must be at least 1", BatchLabException.BadInput);
        }

        if (MemoryLimit is <= 0)
        {
            throw new BatchLabException($"--memory must be a positive size such as 8GiB, got {MemoryLimit} bytes", BatchLabException.BadInput);
        }

        if (ProbeBaseRates?.Any(r => !(r > 0) || double.IsInfinity(r)) == true)
        {
            throw new BatchLabException("--probe-lr rates must be positive finite numbers, e.g. 2^-10..2^-4", BatchLabException.BadInput);
        }

        Throughput.Validate(trainSize);
    }
}
