namespace BatchLab.Data;

/// <summary>
/// A data set in memory: training, validation (carved from the original training set) and test
/// splits, with what the targets mean. Immutable once loaded; the owner disposes it.
/// </summary>
public sealed class Dataset : IDisposable
{
    public required string Name { get; init; }

    public required TaskKind Task { get; init; }

    /// <summary>Number of classes; 0 for regression.</summary>
    public required int Classes { get; init; }

    /// <summary>Shape of one input sample, e.g. [1, 28, 28] or [d].</summary>
    public required long[] SampleShape { get; init; }

    public required TensorSplit Train { get; init; }

    public required TensorSplit Validation { get; init; }

    public required TensorSplit Test { get; init; }

    /// <summary>Where the data came from (package, files, checksums or generator parameters).</summary>
    public required string Provenance { get; init; }

    /// <summary>Outputs a model needs: one logit per class, or one value for regression.</summary>
    public int Outputs => Task == TaskKind.Classification ? Classes : 1;

    public void Dispose()
    {
        Train.Dispose();
        Validation.Dispose();
        Test.Dispose();
    }
}
