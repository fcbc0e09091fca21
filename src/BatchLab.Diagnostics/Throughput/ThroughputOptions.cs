namespace BatchLab.Diagnostics.Throughput;

/// <summary>
/// What <see cref="ThroughputMeasurement"/> times. Each batch size: one warm-up measurement, then
/// <see cref="Repeats"/> measurements of about <see cref="Seconds"/> each (the default sizes take
/// about 30 s on two cores for an MLP).
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
