using BatchLab.Data;
using BatchLab.IO.Safetensors;
using BatchLab.Runtime;
using static TorchSharp.torch;

namespace BatchLab.Tests.Data.Own;

/// <summary>
/// Damaged input in any of the user's formats is one line naming the file and what is wrong,
/// never another exception: named defects, and a fuzz over truncations and corrupted bytes.
/// </summary>
public sealed class OwnDataDamageTests
{
    [Theory]
    [InlineData("a,b,label\n1,2,0\n3,4\n", "data.csv:3: 2 fields, but the header has 3 columns")]
    [InlineData("a,b,label\n1,x,0\n3,4,1\n", "data.csv:2: column 'b' holds 'x', not a finite number")]
    [InlineData("a,b,label\n1,,0\n3,4,1\n", "data.csv:2: column 'b' is empty")]
    [InlineData("", "data.csv:1: the file is empty")]
    [InlineData("a,b,label\n", "only a header row")]
    [InlineData("a,b,label\n\"1,2,0\n", "a quoted field is never closed")]
    [InlineData("a,a,label\n1,2,0\n", "distinct, non-empty name")]
    [InlineData("a,b,label\n1,2,0\n1,2,0\n1,2,0\n1,2,0\n1,2,0\n", "every label is 0")]
    [InlineData("a,b,label\n1,2,0\n3,4,-1\n1,2,0\n1,2,0\n1,2,1\n", "negative class label -1")]
    public void A_damaged_csv_is_one_line_naming_file_and_line(string content, string message)
    {
        var path = Path.Combine(OwnDataFiles.Folder(), "data.csv");
        File.WriteAllText(path, content);

        var e = Assert.Throws<BatchLabException>(() => DataCatalog.Load($"csv:{path}"));

        Assert.Contains(message, e.Message);
        Assert.DoesNotContain('\n', e.Message);
        Assert.Equal(BatchLabException.BadInput, e.ExitCode);
    }

    [Theory]
    [InlineData(",label=species2", "no column 'species2'")]
    [InlineData(",task=ranking", "task=ranking is not valid")]
    [InlineData(",colour=blue", "bad parameter 'colour=blue'")]
    public void Bad_csv_parameters_are_named(string parameters, string message)
    {
        var csv = OwnDataFiles.Csv(OwnDataFiles.Folder());

        var e = Assert.Throws<BatchLabException>(() => DataCatalog.Load($"csv:{csv}{parameters}"));

        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void Safetensors_without_x_and_y_says_what_it_needs()
    {
        manual_seed(1);
        var path = OwnDataFiles.Safetensors(OwnDataFiles.Folder(), ("inputs", randn(4, 2)), ("y", ScalarOps.Arange(4)));

        var e = Assert.Throws<BatchLabException>(() => DataCatalog.Load($"safetensors:{path}"));

        Assert.Equal("data.safetensors: no tensor 'x'; a data file holds x and y, or train_x, train_y, test_x and test_y (found: inputs, y)", e.Message);
    }

    [Fact]
    public void Safetensors_with_mismatched_counts_is_named()
    {
        manual_seed(1);
        var path = OwnDataFiles.Safetensors(OwnDataFiles.Folder(), ("x", randn(4, 2)), ("y", ScalarOps.Arange(5)));

        var e = Assert.Throws<BatchLabException>(() => DataCatalog.Load($"safetensors:{path}"));

        Assert.Contains("x has 4 samples but y has 5", e.Message);
    }

    [Theory]
    [InlineData(3072, "is not a whole number of 3,073-byte records")]
    [InlineData(0, "is not a whole number")]
    public void A_truncated_cifar_file_is_named(int bytes, string message)
    {
        var folder = OwnDataFiles.Folder();
        OwnDataFiles.Cifar10(folder, perFile: 3);
        File.WriteAllBytes(Path.Combine(folder, "data_batch_3.bin"), new byte[bytes]);

        var e = Assert.Throws<BatchLabException>(() => DataCatalog.Load($"cifar10:{folder}"));

        Assert.StartsWith("cifar10: data_batch_3.bin: ", e.Message);
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void A_cifar_label_beyond_the_classes_and_a_missing_file_are_named()
    {
        var folder = OwnDataFiles.Folder();
        OwnDataFiles.Cifar10(folder, perFile: 3);
        var bytes = File.ReadAllBytes(Path.Combine(folder, "test_batch.bin"));
        bytes[3073] = 10;
        File.WriteAllBytes(Path.Combine(folder, "test_batch.bin"), bytes);
        Assert.Contains("test_batch.bin: record 1 has label 10, beyond the 10 classes", Assert.Throws<BatchLabException>(() => DataCatalog.Load($"cifar10:{folder}")).Message);

        File.Delete(Path.Combine(folder, "data_batch_5.bin"));
        var missing = Assert.Throws<BatchLabException>(() => DataCatalog.Load($"cifar10:{folder}"));
        Assert.Contains("lacks data_batch_5.bin", missing.Message);
        Assert.Equal(BatchLabException.Unavailable, missing.ExitCode);
    }

    [Fact]
    public void A_damaged_image_and_an_empty_folder_are_named()
    {
        var folder = OwnDataFiles.Images(OwnDataFiles.Folder(), each: 2);
        File.WriteAllBytes(Path.Combine(folder, "dog", "broken.png"), [0x89, 0x50, 0x4e, 0x47, 1, 2, 3]);
        Assert.Contains("broken.png: not a readable image", Assert.Throws<BatchLabException>(() => DataCatalog.Load($"images:{folder},size=8")).Message);

        var empty = OwnDataFiles.Folder();
        Assert.Contains("has no class folders", Assert.Throws<BatchLabException>(() => DataCatalog.Load($"images:{empty}")).Message);
    }

    /// <summary>
    /// Every prefix of a valid file and 300 random single-byte corruptions of it: each either loads
    /// or fails with one line naming the file, never with another exception.
    /// </summary>
    [Fact]
    public void Fuzz_truncated_and_corrupted_safetensors_and_csv_files_fail_with_one_line()
    {
        var folder = OwnDataFiles.Folder();
        manual_seed(4);
        var valid = File.ReadAllBytes(OwnDataFiles.Safetensors(folder, ("x", randn(6, 2)), ("y", ScalarOps.Arange(6).Remainder(2))));
        var csv = File.ReadAllBytes(OwnDataFiles.Csv(folder, 12));
        var random = new Random(11);
        var cases = 0;
        foreach (var (bytes, name, spec) in new[] { (valid, "data.safetensors", "safetensors"), (csv, "data.csv", "csv") })
        {
            var variants = Enumerable.Range(0, bytes.Length).Where(n => n % 3 == 0).Select(n => bytes[..n])
                .Concat(Enumerable.Range(0, 300).Select(_ =>
                {
                    var copy = (byte[])bytes.Clone();
                    copy[random.Next(copy.Length)] = (byte)random.Next(256);
                    return copy;
                }));
            foreach (var variant in variants)
            {
                var path = Path.Combine(folder, name);
                File.WriteAllBytes(path, variant);
                try
                {
                    using var data = DataCatalog.Load($"{spec}:{path}", new DataOptions { Validation = 1 });
                }
                catch (BatchLabException e)
                {
                    Assert.DoesNotContain('\n', e.Message);
                }

                cases++;
            }
        }

        Assert.True(cases >= 600, $"{cases} cases");
    }

    [Fact]
    public void A_safetensors_header_that_lies_about_its_data_is_refused()
    {
        var path = Path.Combine(OwnDataFiles.Folder(), "lie.safetensors");
        using (var x = zeros(2, 2))
        {
            SafetensorsFile.Write(path, [("x", x)]);
        }

        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, [.. bytes, 0, 0, 0, 0]);
        Assert.Contains("4 trailing bytes", Assert.Throws<BatchLabException>(() => SafetensorsFile.Read(path)).Message);
        File.WriteAllBytes(path, bytes[..^4]);
        Assert.Contains("truncated: the header promises 16 bytes of data, the file has 12", Assert.Throws<BatchLabException>(() => SafetensorsFile.Read(path)).Message);
    }
}
