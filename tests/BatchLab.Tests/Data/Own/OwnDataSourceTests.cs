using BatchLab.Data;
using BatchLab.Data.Cifar;
using BatchLab.IO.Safetensors;
using BatchLab.Runtime;
using static TorchSharp.torch;

namespace BatchLab.Tests.Data.Own;

/// <summary>
/// Each format a user brings loads with the same treatment: a test split (the files' own, or 20%
/// by a fixed permutation), validation carved from training, and inputs standardised with the
/// training split's statistics per feature or channel.
/// </summary>
public sealed class OwnDataSourceTests
{
    [Fact]
    public void A_csv_with_word_labels_is_classification_with_sorted_class_names_and_standardised_features()
    {
        var csv = OwnDataFiles.Csv(OwnDataFiles.Folder(), rows: 60);

        using var data = DataCatalog.Load($"csv:{csv}", new DataOptions { Validation = 6 });

        Assert.Equal(TaskKind.Classification, data.Task);
        Assert.Equal(["setosa", "versicolor", "virginica"], data.ClassNames);
        Assert.Equal([3L], data.SampleShape);
        Assert.Equal((12L, 6L, 42L), (data.Test.Count, data.Validation.Count, data.Train.Count));
        using var mean = data.Train.Inputs.mean([0]);
        using var std = data.Train.Inputs.std(0);
        Assert.All(mean.data<float>().ToArray(), m => Assert.Equal(0, m, 1e-5));
        Assert.All(std.data<float>().ToArray(), s => Assert.Equal(1, s, 0.05));   // the carve keeps 42 of 48 rows
        Assert.Equal("species", data.Origin!.Source.Split('\'')[1]);
    }

    [Fact]
    public void A_csv_with_fractional_targets_is_regression_and_label_names_the_column()
    {
        var folder = OwnDataFiles.Folder();
        var path = Path.Combine(folder, "r.csv");
        File.WriteAllLines(path, ["price,x1,x2", .. Enumerable.Range(0, 50).Select(i => FormattableString.Invariant($"{i * 1.5},{i},{i % 7}"))]);

        using var data = DataCatalog.Load($"csv:{path},label=price");

        Assert.Equal(TaskKind.Regression, data.Task);
        Assert.Equal(1, data.Outputs);
        Assert.Equal([data.Train.Count, 1L], data.Train.Targets.shape);
        Assert.Equal(10, data.Test.Count);
    }

    [Fact]
    public void A_csv_test_file_is_the_test_split()
    {
        var folder = OwnDataFiles.Folder();
        var train = OwnDataFiles.Csv(folder, 30, "train.csv");
        var test = OwnDataFiles.Csv(folder, 9, "test.csv");

        using var data = DataCatalog.Load($"csv:{train},test={test}", new DataOptions { Validation = 3 });

        Assert.Equal((27L, 3L, 9L), (data.Train.Count, data.Validation.Count, data.Test.Count));
        Assert.Equal(2, data.Origin!.Files.Count);
    }

    [Fact]
    public void Safetensors_with_given_splits_keeps_them_and_integer_targets_are_classes()
    {
        manual_seed(1);
        var path = OwnDataFiles.Safetensors(OwnDataFiles.Folder(),
            ("train_x", randn(40, 2, 3)), ("train_y", ScalarOps.Arange(40).Remainder(4)),
            ("test_x", randn(10, 2, 3)), ("test_y", ScalarOps.Arange(10).Remainder(4)),
            ("val_x", randn(5, 2, 3)), ("val_y", ScalarOps.Arange(5).Remainder(4)));

        using var data = DataCatalog.Load($"safetensors:{path}");

        Assert.Equal((40L, 5L, 10L), (data.Train.Count, data.Validation.Count, data.Test.Count));
        Assert.Equal([2L, 3L], data.SampleShape);
        Assert.Equal(4, data.Classes);
        Assert.Equal(2, data.Origin!.Standardization!.Means!.Count); // per channel (dimension 1)
    }

    [Fact]
    public void Safetensors_with_float_targets_is_regression()
    {
        manual_seed(2);
        var path = OwnDataFiles.Safetensors(OwnDataFiles.Folder(), ("x", randn(50, 4)), ("y", randn(50)));

        using var data = DataCatalog.Load($"safetensors:{path}");

        Assert.Equal(TaskKind.Regression, data.Task);
        Assert.Equal((10L, 4L, 36L), (data.Test.Count, data.Validation.Count, data.Train.Count)); // 10% of 40 carved for validation
    }

    [Fact]
    public void Cifar_pixels_are_channel_planes_and_the_official_test_file_is_the_test_split()
    {
        var folder = Path.Combine(OwnDataFiles.Folder(), "cifar-10-batches-bin");
        OwnDataFiles.Cifar10(folder, perFile: 12);

        var files = CifarReader.Read(CifarLayout.Cifar10, Path.GetDirectoryName(folder)!);
        var (images, labels) = CifarReader.Tensors(CifarLayout.Cifar10, [files.Test]);
        using var data = DataCatalog.Load($"cifar10:{folder}", new DataOptions { Validation = 6 });

        Assert.Equal([12L, 3, 32, 32], images.shape);
        Assert.Equal(1f, images[5, 0, 31, 31].item<float>());            // red plane
        Assert.Equal(0f, images[5, 1, 0, 0].item<float>());              // green plane
        Assert.Equal(5 / 255f, images[5, 2, 10, 3].item<float>(), 1e-6); // blue plane = record index
        Assert.Equal(7L, labels[7].item<long>());
        Assert.Equal((54L, 6L, 12L), (data.Train.Count, data.Validation.Count, data.Test.Count));
        Assert.Equal("airplane", data.ClassNames![0]);
        Assert.False(data.Origin!.ChecksumsVerified); // no published checksums for the extracted files
        Assert.Equal(6, data.Origin.Files.Count);
    }

    [Fact]
    public void A_cifar_archive_is_checked_against_the_published_md5()
    {
        var folder = OwnDataFiles.Folder();
        var files = Path.Combine(folder, "files");
        OwnDataFiles.Cifar10(files);
        OwnDataFiles.TarGz(files, "cifar-10-batches-bin", Path.Combine(folder, "cifar-10-binary.tar.gz"));

        var e = Assert.Throws<BatchLabException>(() => DataCatalog.Load($"cifar10:{folder}"));

        Assert.Contains("expected the published c32a1d4ab5d03f1284b67883e8d87530", e.Message);
    }

    [Fact]
    public void Cifar100_reads_fine_or_coarse_labels()
    {
        var folder = OwnDataFiles.Folder();
        File.WriteAllBytes(Path.Combine(folder, "train.bin"), OwnDataFiles.CifarRecords(40, labelBytes: 2, classes: 100));
        File.WriteAllBytes(Path.Combine(folder, "test.bin"), OwnDataFiles.CifarRecords(25, labelBytes: 2, classes: 100));

        using var fine = DataCatalog.Load($"cifar100:{folder}", new DataOptions { Validation = 4 });
        using var coarse = DataCatalog.Load($"cifar100:{folder},labels=coarse", new DataOptions { Validation = 4 });

        Assert.Equal((100, 20), (fine.Classes, coarse.Classes));
        Assert.Equal(24L, fine.Test.Targets.max().item<long>());
        Assert.Equal(19L, coarse.Test.Targets.max().item<long>());
    }

    [Fact]
    public void An_image_folder_is_decoded_per_class_and_resized_on_request()
    {
        var folder = OwnDataFiles.Images(OwnDataFiles.Folder(), each: 10, side: 8);

        using var native = DataCatalog.Load($"images:{folder}", new DataOptions { Validation = 2 });
        using var small = DataCatalog.Load($"images:{folder},size=4,channels=1", new DataOptions { Validation = 2 });

        Assert.Equal(["cat", "dog"], native.ClassNames);
        Assert.Equal([3L, 8, 8], native.SampleShape);
        Assert.Equal([1L, 4, 4], small.SampleShape);
        Assert.Equal((14L, 2L, 4L), (native.Train.Count, native.Validation.Count, native.Test.Count));

        // Cats are red and dogs blue: after per-channel standardisation the red plane tells them apart.
        using var red = native.Train.Inputs.select(1, 0).mean([1, 2]);
        using var isCat = native.Train.Targets.Eq(0);
        Assert.True(red.masked_select(isCat).min().item<float>() > red.masked_select(isCat.logical_not()).max().item<float>());
    }

    [Fact]
    public void An_image_folder_with_train_and_test_folders_keeps_its_test_split()
    {
        var root = OwnDataFiles.Folder();
        OwnDataFiles.Images(Path.Combine(root, "train"), each: 6);
        OwnDataFiles.Images(Path.Combine(root, "test"), each: 2);

        using var data = DataCatalog.Load($"images:{root}", new DataOptions { Validation = 2 });

        Assert.Equal((10L, 2L, 4L), (data.Train.Count, data.Validation.Count, data.Test.Count));
    }

    [Fact]
    public void Images_of_several_sizes_need_a_size()
    {
        var folder = OwnDataFiles.Images(OwnDataFiles.Folder(), each: 3, side: 8);
        using (var odd = new SkiaSharp.SKBitmap(5, 9))
        using (var png = odd.Encode(SkiaSharp.SKEncodedImageFormat.Png, 100))
        {
            File.WriteAllBytes(Path.Combine(folder, "cat", "odd.png"), png.ToArray());
        }

        var e = Assert.Throws<BatchLabException>(() => DataCatalog.Load($"images:{folder}"));
        Assert.Contains("choose one with size=S", e.Message);

        using var data = DataCatalog.Load($"images:{folder},size=6,fit=resize", new DataOptions { Validation = 1 });
        Assert.Equal([3L, 6, 6], data.SampleShape);
    }

    [Fact]
    public void Safetensors_files_round_trip_with_metadata_and_non_ascii_names()
    {
        var path = Path.Combine(OwnDataFiles.Folder(), "w.safetensors");
        using var a = ScalarOps.Arange(6, ScalarType.Float32).view(2, 3);
        using var b = tensor(new long[] { 7, -8 });

        SafetensorsFile.Write(path, [("gewicht.ä", a), ("b", b)], new Dictionary<string, string> { ["model"] = "mlp:256" });
        using var read = SafetensorsFile.Read(path);

        Assert.Equal("mlp:256", read.Metadata["model"]);
        Assert.Equal(a.data<float>().ToArray(), read["gewicht.ä"]!.data<float>().ToArray());
        Assert.Equal([7L, -8L], read["b"]!.data<long>().ToArray());
        var header = BitConverter.ToUInt64(File.ReadAllBytes(path), 0);
        Assert.Equal(0UL, header % 8);
    }
}
