using static TorchSharp.torch;

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

    /// <summary>Shape of one input sample, e.g. [1, 28, 28], [d], or [context] tokens for text.</summary>
    public required long[] SampleShape { get; init; }

    public required TensorSplit Train { get; init; }

    public required TensorSplit Validation { get; init; }

    public required TensorSplit Test { get; init; }

    /// <summary>Where the data came from (package, files, checksums or generator parameters).</summary>
    public required string Provenance { get; init; }

    /// <summary>Structured provenance (source, folder, checksums, original split sizes); null when not recorded.</summary>
    public DataOrigin? Origin { get; init; }

    /// <summary>Class names by id, when the files name them (folder names, CSV labels, CIFAR's meta files).</summary>
    public IReadOnlyList<string>? ClassNames { get; init; }

    /// <summary>For text (<see cref="TaskKind.NextToken"/>): tokens, documents per split, and how windows are cut.</summary>
    public Text.TextLayout? Text { get; init; }

    /// <summary>Outputs a model needs: one logit per class (per token of the vocabulary for text), or one value for regression.</summary>
    public int Outputs => Task is TaskKind.Classification or TaskKind.NextToken ? Classes : 1;

    /// <summary>
    /// A copy whose inputs (and regression targets) have <paramref name="dtype"/>, e.g. float64
    /// for known-answer tests; class ids stay int64. The caller disposes both data sets.
    /// </summary>
    public Dataset ToDtype(ScalarType dtype) => new()
    {
        Name = Name,
        Task = Task,
        Classes = Classes,
        SampleShape = SampleShape,
        Train = Train.ToDtype(dtype),
        Validation = Validation.ToDtype(dtype),
        Test = Test.ToDtype(dtype),
        Provenance = Provenance,
        Origin = Origin,
        ClassNames = ClassNames,
        Text = Text,
    };

    public void Dispose()
    {
        Train.Dispose();
        Validation.Dispose();
        Test.Dispose();
    }
}
