using System.Globalization;
using BatchLab.Runtime;
using static TorchSharp.torch;

namespace BatchLab.Data.Tensors;

/// <summary>
/// Turns <see cref="RawSplits"/> into a <see cref="Dataset"/> the way every BatchLab data set is
/// made: a test split when the files give none (20% of the samples, fixed permutation), validation
/// carved from the training samples as <see cref="DataOptions"/> asks (default 10%, fixed
/// permutation, independent of any training seed), inputs standardised per feature (tables) or per
/// channel (images) — dimension 1 of the inputs — with the training split's mean and std, and
/// targets as int64 class ids or float32 [N, 1] regression values.
/// </summary>
public static class TensorDatasetBuilder
{
    /// <summary>Share of the samples carved as the test split when the files have no test set.</summary>
    public const double TestShare = 0.2;

    /// <summary>Seed of the test carve: another constant than validation's, so the two are unrelated.</summary>
    public const ulong TestSeed = 2019;

    public static Dataset Build(RawSplits raw, DataOptions options)
    {
        using var scope = NewDisposeScope();
        var (trainX, trainY, testX, testY, testNote) = raw.TestX is null
            ? CarveTest(raw.TrainX, raw.TrainY)
            : (raw.TrainX, raw.TrainY, raw.TestX, raw.TestY!, "test: the files' own test split");
        var originalTrain = trainX.shape[0];
        Tensor validX, validY;
        string carving;
        if (raw.ValidationX is not null)
        {
            if (options.Validation is not null)
            {
                throw new BatchLabException($"{raw.Name}: the files have their own validation split; drop --val");
            }

            var kept = DataOptions.Slice(trainX.shape[0], options.TrainSubset, "train");
            (validX, validY) = (raw.ValidationX, raw.ValidationY!);
            (trainX, trainY) = (trainX.narrow(0, 0, kept), trainY.narrow(0, 0, kept));
            carving = $"validation: the files' own {validX.shape[0]:N0} samples; train: {kept:N0}";
        }
        else
        {
            var validation = options.ValidationFor(originalTrain, (int)(originalTrain * 0.1));
            var (trainIndex, validationIndex) = SplitCarving.Indices(originalTrain, validation, options.TrainSubset);
            (validX, validY) = (trainX.index_select(0, validationIndex), trainY.index_select(0, validationIndex));
            (trainX, trainY) = (trainX.index_select(0, trainIndex), trainY.index_select(0, trainIndex));
            carving = SplitCarving.Describe(originalTrain, validation, trainIndex.shape[0]);
        }

        var testCount = DataOptions.Slice(testX.shape[0], options.TestSubset, "test");
        (testX, testY) = (testX.narrow(0, 0, testCount), testY.narrow(0, 0, testCount));
        if (trainX.shape[0] == 0)
        {
            throw new BatchLabException($"{raw.Name}: no training samples are left after carving the test and validation splits");
        }

        var (mean, std) = Statistics(trainX);
        var classes = raw.Task == TaskKind.Classification ? Classes(raw, trainY, validY, testY) : 0;
        var splits = new[] { (trainX, trainY), (validX, validY), (testX, testY) }
            .Select(s => new TensorSplit(Standardize(s.Item1, mean, std), Targets(raw.Task, s.Item2)).MoveToOuterDisposeScope())
            .ToArray();
        var means = mean.data<double>().ToArray();
        var stds = std.data<double>().ToArray();
        var standardization = new Standardization(means.Average(), stds.Average(), means, stds);
        return new Dataset
        {
            Name = raw.Name,
            Task = raw.Task,
            Classes = classes,
            SampleShape = splits[0].Inputs.shape[1..],
            Train = splits[0],
            Validation = splits[1],
            Test = splits[2],
            Provenance = $"{raw.Origin.Source}, {raw.Origin.Location}, SHA-256 {(raw.Origin.ChecksumsVerified ? "verified" : "recorded")}; {testNote}; {carving}",
            Origin = raw.Origin with { OriginalTrain = originalTrain, OriginalTest = raw.TestX?.shape[0] ?? testX.shape[0], Standardization = standardization },
            ClassNames = raw.ClassNames,
        };
    }

    static (Tensor, Tensor, Tensor, Tensor, string) CarveTest(Tensor x, Tensor y)
    {
        var count = x.shape[0];
        var test = (long)Math.Round(count * TestShare);
        if (test < 1 || test >= count)
        {
            throw new BatchLabException($"{count:N0} samples are too few to carve a {TestShare:P0} test split; give at least 5");
        }

        using var generator = new Generator(TestSeed);
        var permutation = randperm(count, generator: generator);
        var (testIndex, _) = permutation.narrow(0, 0, test).sort();
        var (trainIndex, _) = permutation.narrow(0, test, count - test).sort();
        return (x.index_select(0, trainIndex), y.index_select(0, trainIndex), x.index_select(0, testIndex), y.index_select(0, testIndex),
            string.Create(CultureInfo.InvariantCulture, $"test: {test:N0} of {count:N0} samples (fixed permutation, seed {TestSeed})"));
    }

    /// <summary>Rows per chunk when computing statistics and standardising: bounds the float64 temporaries (4,096 CIFAR images: 100 MB).</summary>
    const long Chunk = 4096;

    /// <summary>Mean and std (float64) of every index of dimension 1 over the training inputs; a constant feature gets std 1.</summary>
    static (Tensor Mean, Tensor Std) Statistics(Tensor x)
    {
        var wide = x.dim() == 1 ? x.unsqueeze(1) : x;
        var dims = Enumerable.Range(0, (int)wide.dim()).Where(d => d != 1).Select(d => (long)d).ToArray();
        var sum = zeros(wide.shape[1], ScalarType.Float64);
        var squares = zeros(wide.shape[1], ScalarType.Float64);
        for (long start = 0; start < wide.shape[0]; start += Chunk)
        {
            using var scope = NewDisposeScope();
            var part = wide.narrow(0, start, Math.Min(Chunk, wide.shape[0] - start)).to_type(ScalarType.Float64);
            sum.Add_(part.sum(dims));
            squares.Add_(part.Square().sum(dims));
        }

        var count = (double)(wide.numel() / wide.shape[1]);
        var mean = sum.Div(count);
        var variance = (squares - sum.Square().Div(count)).Div(Math.Max(count - 1, 1));
        var std = variance.ClampMin(0).sqrt();
        return (mean, where(std.Gt(1e-12), std, ones_like(std)));
    }

    static Tensor Standardize(Tensor x, Tensor mean, Tensor std)
    {
        var wide = x.dim() == 1 ? x.unsqueeze(1) : x;
        long[] shape = [1, mean.shape[0], .. Enumerable.Repeat(1L, (int)wide.dim() - 2)];
        var (m, s) = (mean.view(shape), std.view(shape));
        var result = empty(wide.shape, ScalarType.Float32);
        for (long start = 0; start < wide.shape[0]; start += Chunk)
        {
            using var scope = NewDisposeScope();
            var rows = Math.Min(Chunk, wide.shape[0] - start);
            result.narrow(0, start, rows).copy_(wide.narrow(0, start, rows).to_type(ScalarType.Float64).sub_(m).div_(s));
        }

        return result;
    }

    static Tensor Targets(TaskKind task, Tensor y) =>
        task == TaskKind.Classification ? y.to_type(ScalarType.Int64).reshape(-1) : y.to_type(ScalarType.Float32).reshape(-1, 1);

    /// <summary>More outputs than any classification set BatchLab meets (ImageNet-21k has 21,841).</summary>
    const long MaxClasses = 1_000_000;

    static int Classes(RawSplits raw, params Tensor[] targets)
    {
        var all = targets.Where(t => t.numel() > 0).ToArray();
        if (all.Any(t => t.is_floating_point() && !t.eq(t.round()).all().item<bool>()))
        {
            throw new BatchLabException($"{raw.Name}: class labels must be whole numbers; for real-valued targets use task=regression");
        }

        var min = all.Min(t => t.min().to_type(ScalarType.Int64).item<long>());
        var max = all.Max(t => t.max().to_type(ScalarType.Int64).item<long>());
        if (min < 0)
        {
            throw new BatchLabException($"{raw.Name}: negative class label {min}; labels are class ids 0, 1, 2, ...");
        }

        if (raw.Classes is int declared && max >= declared)
        {
            throw new BatchLabException($"{raw.Name}: class label {max} is out of range for {declared} classes");
        }

        // The model gets max + 1 outputs and the summary counts max + 1 classes: a label of
        // 2,000,000,000 allocated gigabytes before anything said no (issue 23).
        if (max >= MaxClasses)
        {
            throw new BatchLabException($"{raw.Name}: class label {max:N0} is beyond {MaxClasses:N0} classes; labels are class ids 0, 1, 2, … (one model output each)");
        }

        if (raw.Classes is null && max >= 100)
        {
            using var present = cat([.. all.Select(t => t.to_type(ScalarType.Int64).reshape(-1))]).unique().Item1;
            if (present.numel() * 2 < max + 1)
            {
                throw new BatchLabException(
                    $"{raw.Name}: labels run to {max:N0} but only {present.numel():N0} distinct classes occur; the model would get {max + 1:N0} outputs, most never trained. Number the classes 0 to K−1");
            }
        }

        var classes = raw.Classes ?? (int)max + 1;
        return classes < 2 ? throw new BatchLabException($"{raw.Name}: every label is {min}; classification needs at least 2 classes") : classes;
    }
}
