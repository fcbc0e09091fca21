using BatchLab.Runtime;
using static TorchSharp.torch;

namespace BatchLab.Diagnostics.Gradients;

/// <summary>
/// The training samples a diagnostic draws mini-batches from: all N of them, or a fixed random
/// subset of <c>size</c> when N is too large to take the full gradient often. Batches are drawn
/// without replacement (as an epoch of shuffled training does); a batch of the whole population
/// is the population itself.
/// </summary>
public sealed class SamplePopulation : IDisposable
{
    readonly Tensor rows;
    readonly Generator generator;

    public SamplePopulation(long trainSize, long? size, long seed, Device device)
    {
        var n = size ?? trainSize;
        if (n < 2 || n > trainSize)
        {
            throw new BatchLabException($"--population {n} must be between 2 and the training set size ({trainSize})");
        }

        generator = new Generator((ulong)seed, CPU);
        using var all = n == trainSize ? ScalarOps.Arange(n, dtype: ScalarType.Int64) : randperm(trainSize, generator: generator).narrow(0, 0, n);
        rows = all.to(device).DetachFromDisposeScope();
        IsWholeTrainingSet = n == trainSize;
    }

    /// <summary>N: samples in the population (the whole training set unless a subset was asked for).</summary>
    public long Size => rows.shape[0];

    public bool IsWholeTrainingSet { get; }

    /// <summary>All rows of the population, in the caller's dispose scope (a view).</summary>
    public Tensor All() => rows.narrow(0, 0, Size);

    /// <summary>
    /// <paramref name="batch"/> distinct rows drawn uniformly at random (one randperm of the
    /// population: about 1 ms for N = 55,000), in the caller's dispose scope.
    /// </summary>
    public Tensor Draw(long batch)
    {
        if (batch >= Size)
        {
            return All();
        }

        using var order = randperm(Size, generator: generator);
        return rows.index_select(0, order.narrow(0, 0, batch).to(rows.device));
    }

    public void Dispose()
    {
        rows.Dispose();
        generator.Dispose();
    }
}
