using System.Text.Json;
using BatchLab.Tests.Support;

namespace BatchLab.Tests.Data;

/// <summary>
/// Every command that takes --data-dir trains or measures on that folder (issue 12, case 1:
/// train, advise and diagnose used MNIST instead and said so in spec.json). Two folders of
/// different data — 28×28 images of 3 classes, and 14×14 images of 5 classes — must give
/// different results, and the result must name the folder.
/// </summary>
public sealed class DataDirCommandTests : IDisposable
{
    readonly TempDirectory root = new();

    public DataDirCommandTests()
    {
        IdxFiles.WriteImageSet(Large, train: 300, test: 60, h: 28, w: 28, classes: 3, seed: 11);
        IdxFiles.WriteImageSet(Small, train: 300, test: 60, h: 14, w: 14, classes: 5, seed: 40);
    }

    string Large => root.File("large");

    string Small => root.File("small");

    [Fact]
    public void Train_trains_on_the_folder_and_records_it_in_its_spec()
    {
        JsonElement Train(string folder, string outDir)
        {
            var result = CliProcess.Run("train", "--data-dir", folder, "--val", "30", "--model", "mlp:16", "--updates", "20", "--threads", "1", "--out", outDir, "--json");
            Assert.True(result.ExitCode == 0, result.Stderr);
            return result.Json;
        }

        var large = Train(Large, root.File("run-large"));
        var small = Train(Small, root.File("run-small"));

        Assert.NotEqual(large.GetProperty("train_loss").GetDouble(), small.GetProperty("train_loss").GetDouble());
        Assert.NotEqual(large.GetProperty("weights_sha256").GetString(), small.GetProperty("weights_sha256").GetString());
        var spec = JsonDocument.Parse(File.ReadAllText(root.File("run-large/spec.json"))).RootElement;
        Assert.Equal("dir:" + Large, spec.GetProperty("data").GetString());
    }

    [Fact]
    public void Diagnose_noise_measures_on_the_folder()
    {
        JsonElement Noise(string folder) => Run("diagnose", "noise", "--data-dir", folder, "--val", "30", "--model", "mlp:16", "--batches", "4,32", "--draws", "4", "--threads", "1", "--json");

        var large = Noise(Large);
        var small = Noise(Small);

        Assert.Equal("dir:" + Large, large.GetProperty("subject").GetProperty("data").GetString());
        Assert.Equal(270, large.GetProperty("train_size").GetInt64());
        Assert.NotEqual(large.GetProperty("parameters").GetInt64(), small.GetProperty("parameters").GetInt64());
        Assert.NotEqual(large.GetProperty("estimate").GetProperty("noise_scale").GetDouble(), small.GetProperty("estimate").GetProperty("noise_scale").GetDouble());
    }

    [Fact]
    public void Diagnose_agreement_measures_on_the_folder()
    {
        JsonElement Agreement(string folder) => Run("diagnose", "agreement", "--data-dir", folder, "--val", "30", "--model", "mlp:16", "--batches", "2,16",
            "--draws", "3", "--noise-batches", "4,32", "--threads", "1", "--json");

        var large = Agreement(Large);
        var small = Agreement(Small);

        Assert.Equal("dir:" + Large, large.GetProperty("data").GetString());
        Assert.Equal(270, large.GetProperty("population").GetInt64());
        double Cosine(JsonElement r) => r.GetProperty("points")[0].GetProperty("rows")[0].GetProperty("mean_cosine").GetDouble();
        Assert.NotEqual(Cosine(large), Cosine(small));
    }

    [Fact]
    public void Diagnose_throughput_measures_the_folders_model()
    {
        JsonElement Throughput(string folder) => Run("diagnose", "throughput", "--data-dir", folder, "--val", "30", "--model", "mlp:16", "--batches", "1,8",
            "--repeats", "1", "--seconds", "0.01", "--matmul-size", "64", "--threads", "1", "--json");

        var large = Throughput(Large);
        var small = Throughput(Small);

        Assert.Equal("dir:" + Large, large.GetProperty("data").GetString());

        // mlp:16 on 28×28 inputs and 3 classes: 784·16 + 16·3 multiply-adds; on 14×14 and 5 classes: 196·16 + 16·5.
        Assert.Equal((784 * 16) + (16 * 3), large.GetProperty("arithmetic").GetProperty("forward_multiply_adds").GetInt64());
        Assert.Equal((196 * 16) + (16 * 5), small.GetProperty("arithmetic").GetProperty("forward_multiply_adds").GetInt64());
    }

    [Fact]
    public void Diagnose_sharpness_measures_a_run_on_the_folder_given_instead_of_the_runs_own()
    {
        var other = root.File("large-other");
        IdxFiles.WriteImageSet(other, train: 300, test: 60, h: 28, w: 28, classes: 3, seed: 90);
        var run = root.File("run");
        Assert.Equal(0, CliProcess.Run("train", "--data-dir", Large, "--val", "30", "--model", "mlp:16", "--updates", "20", "--threads", "1", "--out", run).ExitCode);
        JsonElement Sharpness(params string[] data) => Run(["diagnose", "sharpness", "--checkpoint", run, "--eigenvalues", "0", "--power-iterations", "0",
            "--subspace", "0", "--iterations", "1", "--epsilons", "1e-3", "--alpha-points", "3", "--threads", "1", "--json", .. data]);

        var own = Sharpness();
        var elsewhere = Sharpness("--data-dir", other, "--val", "30");

        double Loss(JsonElement r) => r.GetProperty("loss").GetDouble();
        Assert.NotEqual(Loss(own), Loss(elsewhere));
    }

    [Fact]
    public void Diagnose_memory_lays_the_model_out_for_the_folders_samples_and_classes()
    {
        JsonElement Memory(string folder) => Run("diagnose", "memory", "--data-dir", folder, "--model", "mlp:16", "--json");

        // mlp:16 on 28×28 inputs and 3 classes, and on 14×14 and 5 classes (issue 23 item 10: --data-dir was unrecognised here).
        Assert.Equal((784 * 16) + 16 + (16 * 3) + 3, Memory(Large).GetProperty("parameters").GetInt64());
        Assert.Equal((196 * 16) + 16 + (16 * 5) + 5, Memory(Small).GetProperty("parameters").GetInt64());
    }

    [Fact]
    public void Advise_measures_on_the_folder()
    {
        JsonElement Advise(string folder) => Run("advise", "--data-dir", folder, "--val", "30", "--model", "mlp:16", "--batch", "16", "--probe-epochs", "1",
            "--workers", "2", "--threads", "1", "--json");

        var large = Advise(Large);
        var small = Advise(Small);

        Assert.Equal("dir:" + Large, large.GetProperty("data").GetString());
        Assert.Equal(270, large.GetProperty("train_size").GetInt64());

        // mlp:16's gradient in float32: (784·16 + 16 + 16·3 + 3) · 4 bytes, and (196·16 + 16 + 16·5 + 5) · 4.
        Assert.Equal(((784 * 16) + 16 + (16 * 3) + 3) * 4, large.GetProperty("projection").GetProperty("gradient_bytes").GetInt64());
        Assert.Equal(((196 * 16) + 16 + (16 * 5) + 5) * 4, small.GetProperty("projection").GetProperty("gradient_bytes").GetInt64());
    }

    [Fact]
    public void Sweep_queues_and_trains_its_trials_on_the_folder()
    {
        var store = "sqlite:" + root.File("sweep.db");
        JsonElement Sweep(string name, string folder) => Run("sweep", "--name", name, "--data-dir", folder, "--val", "30", "--model", "mlp:16", "--batch", "16",
            "--lr", "0.05", "--updates", "20", "--workers", "1", "--threads", "1", "--store", store, "--json");

        Sweep("large", Large);
        Sweep("small", Small);

        var large = CliProcess.Run("export", "--study", "large", "--format", "json", "--store", store).Json.GetProperty("trials")[0];
        var small = CliProcess.Run("export", "--study", "small", "--format", "json", "--store", store).Json.GetProperty("trials")[0];
        Assert.Equal("dir:" + Large, large.GetProperty("parameters").GetProperty("data").GetString());
        Assert.NotEqual(large.GetProperty("summary").GetProperty("train_loss").GetDouble(), small.GetProperty("summary").GetProperty("train_loss").GetDouble());
    }

    [Fact]
    public void Giving_both_data_and_data_dir_is_refused_rather_than_one_silently_winning()
    {
        var result = CliProcess.Run("train", "--data", "mnist", "--data-dir", Large, "--out", root.File("never"));

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("batchlab: error: give either --data or --data-dir, not both", result.Stderr.Trim());
        Assert.False(Directory.Exists(root.File("never")));
    }

    static JsonElement Run(params string[] args)
    {
        var result = CliProcess.Run(args);
        Assert.True(result.ExitCode == 0, result.Stderr);
        return result.Json;
    }

    public void Dispose() => root.Dispose();
}
