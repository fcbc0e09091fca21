namespace BatchLab.Data;

/// <summary>How a data set is split and sliced when loaded. The defaults load everything.</summary>
public sealed record DataOptions
{
    /// <summary>
    /// Samples carved from the original training set for validation; the test set is never
    /// touched. Null means the source's default: 5,000 for MNIST-like sets (as Shallue et al.
    /// 2018), 10% of the training set for synthetic sets. 0 means no validation split. The
    /// carve uses a fixed permutation, independent of any training seed, so every run sees the
    /// same validation samples.
    /// </summary>
    public int? Validation { get; init; }

    /// <summary>Keep only the first N training samples left after carving (null: all). For fast tests.</summary>
    public int? TrainSubset { get; init; }

    /// <summary>Keep only the first N test samples (null: all). For fast tests.</summary>
    public int? TestSubset { get; init; }

    /// <summary>
    /// Tokens per sample for text data sets (null: 64). A run sets it from the model's context
    /// (<c>transformer:...,context=T</c>), so that B and M count sequences of T tokens.
    /// </summary>
    public int? Context { get; init; }

    public static DataOptions Default { get; } = new();

    /// <summary>Validation size for a training set of <paramref name="train"/> samples.</summary>
    internal int ValidationFor(long train, int sourceDefault)
    {
        var validation = Validation ?? sourceDefault;
        return validation < 0 || validation >= train
            ? throw new BatchLabException($"validation split of {validation:N0} samples must be at least 0 and below the {train:N0} training samples", BatchLabException.BadInput)
            : validation;
    }

    internal static long Slice(long count, int? subset, string what) => subset switch
    {
        null => count,
        <= 0 => throw new BatchLabException($"{what} subset must be a positive number of samples, got {subset}", BatchLabException.BadInput),
        _ => Math.Min(count, subset.Value),
    };
}
