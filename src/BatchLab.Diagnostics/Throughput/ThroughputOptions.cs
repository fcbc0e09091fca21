namespace BatchLab.Diagnostics.Throughput;

/// <summary>
/// What <see cref="ThroughputMeasurement"/> times. Each batch size: one warm-up measurement, then
/// <see cref="Repeats"/> measurements of about <see cref="Seconds"/> each, taken in interleaved
/// rounds over the sizes so that drift in load hits every size alike (the default sizes take
/// about 30 s on two cores for an MLP); disturbed points are measured again.
/// </summary>
public sealed record ThroughputOptions
{
    /// <summary>Batch sizes B.</summary>
    public IReadOnlyList<long> Batches { get; init; } = [.. Enumerable.Range(0, 13).Select(i => 1L << i)];

    /// <summary>M, the micro-batch cap the timed runs use (null: M = B, one forward/backward pass per update).</summary>
    public long? MicroBatch { get; init; }

    /// <summary>
    /// G, the normalization batch the timed runs use (null: BatchNorm over each pass). At a B whose
    /// passes G does not divide (B &lt; G), statistics are taken over the pass: a cost difference of a
    /// few element-wise operations.
    /// </summary>
    public long? NormBatch { get; init; }

    public int Repeats { get; init; } = 5;

    /// <summary>Target length of one measurement, seconds.</summary>
    public double Seconds { get; init; } = 0.25;

    /// <summary>Optimizer of the timed updates (its step is part of an update's cost); null = plain SGD.</summary>
    public Training.Optimizers.OptimizerOptions? Optimizer { get; init; }

    /// <summary>A point whose slowest repeat is more than this fraction above its median is measured again (load on the machine).</summary>
    public double MaxSpread { get; init; } = 0.3;

    /// <summary>Times a disturbed point is measured again before it is reported as disturbed.</summary>
    public int Remeasures { get; init; } = 2;

    /// <summary>The knee is the smallest B reaching this fraction of the best samples/s.</summary>
    public double KneeFraction { get; init; } = 0.8;

    /// <summary>n of the n × n float32 matrix product that measures the compute ceiling.</summary>
    public int MatmulSize { get; init; } = 2048;

    public void Validate(long trainSize)
    {
        if (Batches.Count == 0 || Batches.Any(b => b < 1 || b > trainSize))
        {
            throw new BatchLabException($"--batches must list sizes between 1 and the training set size ({trainSize}), e.g. 1,16,256");
        }

        if (Repeats is < 1 or > 1000 || Seconds is <= 0 or > 600)
        {
            throw new BatchLabException($"--repeats {Repeats} must be 1–1000 and --seconds {Seconds} in (0, 600]");
        }

        if (KneeFraction is <= 0 or > 1 || MatmulSize is < 64 or > 32768)
        {
            throw new BatchLabException($"knee fraction {KneeFraction} must be in (0, 1] and --matmul-size {MatmulSize} between 64 and 32768");
        }
    }
}
