using BatchLab.Data;
using BatchLab.Data.Sources;
using static TorchSharp.torch;

namespace BatchLab.Tests.Data;

public class ImageDatasetTests
{
    static readonly DataContext Context = new(Path.GetTempPath(), _ => { });

    [Fact]
    public void Folder_loads_as_standardised_images_with_validation_carved_from_train()
    {
        using var dir = new TempDirectory();
        IdxFiles.WriteImageSet(dir.Path, train: 20, test: 8);

        using var data = new FolderSource(dir.Path).Load(new DataOptions { Validation = 5 }, Context);

        Assert.Equal(TaskKind.Classification, data.Task);
        Assert.Equal(3, data.Classes);
        Assert.Equal([1L, 4, 3], data.SampleShape);
        Assert.Equal([15L, 1, 4, 3], data.Train.Inputs.shape);
        Assert.Equal([5L, 1, 4, 3], data.Validation.Inputs.shape);
        Assert.Equal([8L, 1, 4, 3], data.Test.Inputs.shape);
        Assert.Equal((20L, 8L), (data.Origin!.OriginalTrain, data.Origin.OriginalTest));
        Assert.Equal(ScalarType.Float32, data.Train.Inputs.dtype);
        Assert.Equal(ScalarType.Int64, data.Train.Targets.dtype);
        // Standardised with the training split's own statistics.
        Assert.Equal(0, data.Train.Inputs.mean().item<float>(), 4);
        Assert.Equal(1, data.Train.Inputs.std().item<float>(), 4);
    }

    [Fact]
    public void Pixels_are_scaled_to_unit_range_then_standardised_with_training_statistics()
    {
        using var dir = new TempDirectory();
        IdxFiles.WriteImageSet(dir.Path, train: 10, test: 4);

        using var data = new FolderSource(dir.Path).Load(new DataOptions { Validation = 0 }, Context);

        // With no validation every training image is kept, so the statistics are those of all its bytes.
        var pixels = IdxFiles.Images(10, 4, 3, seed: 1)[(4 + 12)..].Select(b => b / 255.0).ToArray();
        var mean = pixels.Average();
        var std = Math.Sqrt(pixels.Sum(p => (p - mean) * (p - mean)) / (pixels.Length - 1));
        var testPixel = IdxFiles.Images(4, 4, 3, seed: 2)[4 + 12 + (2 * 12) + 5] / 255.0;
        Assert.Equal(mean, data.Origin!.Standardization!.Mean, 12);
        Assert.Equal(std, data.Origin.Standardization.Std, 12);
        Assert.Equal((testPixel - mean) / std, data.Test.Inputs[2, 0, 1, 2].item<float>(), 5);
    }

    [Fact]
    public void Labels_follow_their_images_through_the_carve()
    {
        using var dir = new TempDirectory();
        IdxFiles.WriteImageSet(dir.Path, train: 30, test: 6, classes: 3);

        using var data = new FolderSource(dir.Path).Load(new DataOptions { Validation = 10 }, Context);

        // Image n's first raw pixel is 7n + 1 and its label n % 3: recover n from the pixel.
        foreach (var split in new[] { data.Train, data.Validation })
        {
            var s = data.Origin!.Standardization!;
            var first = split.Inputs.flatten(1)[.., 0].data<float>().ToArray();
            var rows = first.Select(x => (int)Math.Round(((x * s.Std) + s.Mean) * 255 - 1) / 7).ToArray();
            Assert.Equal(rows.Select(n => (long)(n % 3)), split.Targets.data<long>().ToArray());
        }
    }

    [Fact]
    public void Gzip_folder_loads_the_same_tensors_as_raw()
    {
        using var raw = new TempDirectory();
        using var gz = new TempDirectory();
        IdxFiles.WriteImageSet(raw.Path, train: 12, test: 5);
        IdxFiles.WriteImageSet(gz.Path, train: 12, test: 5, gzip: true);

        using var a = new FolderSource(raw.Path).Load(new DataOptions { Validation = 2 }, Context);
        using var b = new FolderSource(gz.Path).Load(new DataOptions { Validation = 2 }, Context);

        Assert.True(Same(a.Train.Inputs, b.Train.Inputs));
        Assert.True(Same(a.Validation.Targets, b.Validation.Targets));
        Assert.True(Same(a.Test.Inputs, b.Test.Inputs));
    }

    [Fact]
    public void Subsets_slice_train_and_test()
    {
        using var dir = new TempDirectory();
        IdxFiles.WriteImageSet(dir.Path, train: 20, test: 8);

        using var data = new FolderSource(dir.Path).Load(new DataOptions { Validation = 5, TrainSubset = 4, TestSubset = 3 }, Context);
        using var full = new FolderSource(dir.Path).Load(new DataOptions { Validation = 5 }, Context);

        Assert.Equal((4L, 5L, 3L), (data.Train.Count, data.Validation.Count, data.Test.Count));
        Assert.True(Same(data.Validation.Targets, full.Validation.Targets));
        Assert.True(Same(data.Train.Targets, full.Train.Targets.narrow(0, 0, 4)));
    }

    [Fact]
    public void Validation_as_large_as_the_training_set_is_refused()
    {
        using var dir = new TempDirectory();
        IdxFiles.WriteImageSet(dir.Path, train: 10, test: 2);

        var e = Assert.Throws<BatchLabException>(() => new FolderSource(dir.Path).Load(new DataOptions(), Context));

        Assert.Equal("validation split of 5,000 samples must be at least 0 and below the 10 training samples", e.Message);
    }

    [Fact]
    public void Missing_files_are_listed_with_the_names_looked_for()
    {
        using var dir = new TempDirectory();
        IdxFiles.WriteImageSet(dir.Path, train: 4, test: 2);
        File.Delete(dir.File("t10k-labels-idx1-ubyte"));
        File.Move(dir.File("train-images-idx3-ubyte"), dir.File("train-images.idx3-ubyte"));

        var e = Assert.Throws<BatchLabException>(() => new FolderSource(dir.Path).Load(DataOptions.Default, Context));

        Assert.Equal($"{dir.Path}: no IDX file for test labels (looked for t10k-labels-idx1-ubyte[.gz])", e.Message);
    }

    [Fact]
    public void Labels_that_do_not_match_the_images_are_named()
    {
        using var dir = new TempDirectory();
        IdxFiles.WriteImageSet(dir.Path, train: 10, test: 4);
        File.WriteAllBytes(dir.File("t10k-labels-idx1-ubyte"), IdxFiles.Labels(3, 3));

        var e = Assert.Throws<BatchLabException>(() => new FolderSource(dir.Path).Load(new DataOptions { Validation = 2 }, Context));

        Assert.Equal("t10k-labels-idx1-ubyte: 3 labels for the 4 images in t10k-images-idx3-ubyte", e.Message);
    }

    static bool Same(Tensor a, Tensor b) => a.shape.SequenceEqual(b.shape) && a.eq(b).all().item<bool>();
}
