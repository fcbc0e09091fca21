using static TorchSharp.torch;

namespace BatchLab.Data;

/// <summary>
/// Carves a validation split out of a training set with a fixed permutation. The seed is a
/// constant, not the training seed, so every run of every study validates on the same samples.
/// </summary>
internal static class SplitCarving
{
    public const ulong Seed = 2018;

    /// <summary>
    /// Ascending int64 indices of the training samples kept (the first <paramref name="trainSubset"/>
    /// of those left after carving, when given) and of the validation samples.
    /// </summary>
    public static (Tensor Train, Tensor Validation) Indices(long count, int validation, int? trainSubset)
    {
        using var generator = new Generator(Seed);
        using var permutation = randperm(count, generator: generator);
        var (validationIndices, order) = permutation.narrow(0, 0, validation).sort();
        order.Dispose();
        var (rest, restOrder) = permutation.narrow(0, validation, count - validation).sort();
        restOrder.Dispose();
        var kept = DataOptions.Slice(rest.shape[0], trainSubset, "train");
        return (kept == rest.shape[0] ? rest : rest.narrow(0, 0, kept), validationIndices);
    }

    /// <summary>A human line for <see cref="Dataset.Provenance"/>.</summary>
    public static string Describe(long original, int validation, long train) =>
        $"validation: {validation:N0} of {original:N0} training samples (fixed permutation, seed {Seed}); train: {train:N0}";
}
