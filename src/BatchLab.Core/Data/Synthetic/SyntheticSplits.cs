using static TorchSharp.torch;

namespace BatchLab.Data.Synthetic;

/// <summary>Splits generated samples into train / validation / test as <see cref="DataOptions"/> asks.</summary>
internal static class SyntheticSplits
{
    /// <summary>Share of the training samples carved for validation unless the options say otherwise.</summary>
    public const double DefaultValidationShare = 0.1;

    /// <summary>
    /// The first <paramref name="train"/> rows of <paramref name="x"/>/<paramref name="y"/> are the
    /// original training set (validation is carved from it), the rest the test set. The returned
    /// tensors have <paramref name="dtype"/> (class ids stay int64) and belong to the caller's
    /// dispose scope, like the temporaries made on the way.
    /// </summary>
    public static (TensorSplit Train, TensorSplit Validation, TensorSplit Test, string Carving) Build(
        Tensor x, Tensor y, int train, DataOptions options, ScalarType dtype)
    {
        var validation = options.ValidationFor(train, (int)(train * DefaultValidationShare));
        var (trainIndex, validationIndex) = SplitCarving.Indices(train, validation, options.TrainSubset);
        var test = DataOptions.Slice(x.shape[0] - train, options.TestSubset, "test");
        return (
            Split(x.index_select(0, trainIndex), y.index_select(0, trainIndex), dtype),
            Split(x.index_select(0, validationIndex), y.index_select(0, validationIndex), dtype),
            Split(x.narrow(0, train, test), y.narrow(0, train, test), dtype),
            SplitCarving.Describe(train, validation, trainIndex.shape[0]));
    }

    static TensorSplit Split(Tensor x, Tensor y, ScalarType dtype) =>
        new(x.to_type(dtype, copy: true), y.is_floating_point() ? y.to_type(dtype, copy: true) : y.clone());
}
