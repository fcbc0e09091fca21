using BatchLab.Data.Idx;
using static TorchSharp.torch;

namespace BatchLab.Data.Images;

/// <summary>
/// Turns an MNIST-style set of IDX files into an in-memory <see cref="Dataset"/>: images become
/// [N, 1, H, W] float32, scaled to [0, 1] (ubyte files) and standardised with the training
/// split's mean and std (see <see cref="ImageTensors"/>); labels become int64 class ids.
/// MNIST takes about 220 MB of tensors.
/// </summary>
public static class ImageDatasetBuilder
{
    /// <summary>Validation samples carved from MNIST-like training sets, as Shallue et al. 2018.</summary>
    public const int DefaultValidation = 5_000;

    public static Dataset Build(IdxImageSet set, DataOptions options)
    {
        var arrays = ReadAll(set.Paths.All);
        var (trainX, trainY, testX, testY) = (arrays[0], arrays[1], arrays[2], arrays[3]);
        CheckPair(trainX, trainY);
        CheckPair(testX, testY);
        if (!trainX.Shape.AsSpan(1).SequenceEqual(testX.Shape.AsSpan(1)))
        {
            throw new BatchLabException($"{testX.FileName}: images are {string.Join("x", testX.Shape[1..])}, but {trainX.FileName} has {string.Join("x", trainX.Shape[1..])}");
        }

        var validation = options.ValidationFor(trainX.Count, DefaultValidation);
        using var scope = NewDisposeScope();
        var trainLabels = Labels(trainY);
        var testLabels = Labels(testY);
        var (trainIndex, validationIndex) = SplitCarving.Indices(trainX.Count, validation, options.TrainSubset);
        var testCount = DataOptions.Slice(testX.Count, options.TestSubset, "test");

        var (trainRows, validationRows) = (trainIndex.data<long>().ToArray(), validationIndex.data<long>().ToArray());
        var standardization = ImageTensors.Statistics(trainX, trainRows);
        var train = ImageTensors.Standardized(trainX, trainRows, standardization);
        var valid = ImageTensors.Standardized(trainX, validationRows, standardization);
        var test = ImageTensors.Standardized(testX, [.. Enumerable.Range(0, (int)testCount).Select(i => (long)i)], standardization);

        var splits = new[]
        {
            new TensorSplit(train, trainLabels.index_select(0, trainIndex)).MoveToOuterDisposeScope(),
            new TensorSplit(valid, trainLabels.index_select(0, validationIndex)).MoveToOuterDisposeScope(),
            new TensorSplit(test, testLabels.narrow(0, 0, testCount)).MoveToOuterDisposeScope(),
        };

        var origin = new DataOrigin(set.Source, set.Paths.Directory, set.Files, trainX.Count, testX.Count, standardization);
        return new Dataset
        {
            Name = set.Name,
            Task = TaskKind.Classification,
            Classes = (int)Math.Max(trainLabels.max().item<long>(), testLabels.max().item<long>()) + 1,
            SampleShape = train.shape[1..],
            Train = splits[0],
            Validation = splits[1],
            Test = splits[2],
            Provenance = $"{set.Source}, {set.Paths.Directory}, SHA-256 {(origin.ChecksumsVerified ? "verified" : "not verified")}; "
                + SplitCarving.Describe(trainX.Count, validation, train.shape[0]),
            Origin = origin,
        };
    }

    static IdxArray[] ReadAll(IReadOnlyList<string> paths)
    {
        var arrays = new IdxArray[paths.Count];
        try
        {
            Parallel.For(0, paths.Count, i => arrays[i] = IdxReader.Read(paths[i]));
        }
        catch (AggregateException e) when (e.InnerExceptions.OfType<BatchLabException>().FirstOrDefault() is { } first)
        {
            throw first;
        }

        return arrays;
    }

    static void CheckPair(IdxArray images, IdxArray labels)
    {
        if (images.Shape.Length < 2)
        {
            throw new BatchLabException($"{images.FileName}: images need at least 2 dimensions (samples x pixels), found {images.Shape.Length}");
        }

        if (labels.Shape.Length != 1 || labels.ElementType is IdxElementType.Float32 or IdxElementType.Float64)
        {
            throw new BatchLabException($"{labels.FileName}: labels must be one integer per sample (1 dimension), found {labels.ElementType} with {labels.Shape.Length} dimensions");
        }

        if (labels.Count != images.Count)
        {
            throw new BatchLabException($"{labels.FileName}: {labels.Count:N0} labels for the {images.Count:N0} images in {images.FileName}");
        }
    }

    static Tensor Labels(IdxArray labels)
    {
        var ids = labels.ToTensor().to_type(ScalarType.Int64);
        return ids.min().item<long>() < 0
            ? throw new BatchLabException($"{labels.FileName}: negative class label {ids.min().item<long>()}")
            : ids;
    }
}
