using BatchLab.Tests.Support;

namespace BatchLab.Tests.Diagnostics.Sharpness;

public sealed class DiagnoseSharpnessCommandTests : IDisposable
{
    const string Data = "synthetic-teacher:n=400,test=100,d=8,classes=3,hidden=8,seed=1";
    readonly string root = Path.Combine(Path.GetTempPath(), "batchlab-sharpness-" + Guid.NewGuid().ToString("N")[..8]);

    [Fact]
    public void A_run_folder_supplies_data_and_model_and_every_measure_is_written()
    {
        var (small, large, output) = (Path.Combine(root, "small"), Path.Combine(root, "large"), Path.Combine(root, "out"));
        Train(small, batch: "8");
        Train(large, batch: "full");

        var result = CliProcess.Run(
            "diagnose", "sharpness", "--checkpoint", small, "--line-to", Path.Combine(large, "checkpoints"),
            "--eigenvalues", "2", "--lanczos-steps", "4", "--power-iterations", "3", "--subspace", "5", "--alpha-points", "7",
            "--out", output, "--json");

        Assert.True(result.ExitCode == 0, result.Stderr);
        var json = result.Json;
        Assert.Equal("mlp:16", json.GetProperty("model").GetString());
        Assert.Equal(360, json.GetProperty("samples").GetInt64());
        Assert.Equal(2, json.GetProperty("lanczos").GetProperty("eigenvalues").GetArrayLength());
        var sharpness = json.GetProperty("sharpness").EnumerateArray().ToList();
        Assert.Equal(["full", "full", "subspace", "subspace"], sharpness.Select(s => s.GetProperty("space").GetString()));
        Assert.All(sharpness, s => Assert.True(s.GetProperty("sharpness").GetDouble() >= 0));
        var line = json.GetProperty("interpolation").EnumerateArray().ToList();
        Assert.Equal(7, line.Count);
        Assert.Equal(json.GetProperty("loss").GetDouble(), line[2].GetProperty("train_loss").GetDouble(), 1e-6);
        foreach (var file in new[] { "result.json", "sharpness_epsilon.csv", "sharpness_interpolation.csv", "sharpness_line_loss.png", "sharpness_spectrum.svg" })
        {
            Assert.True(File.Exists(Path.Combine(output, file)), file);
        }
    }

    [Fact]
    public void Weights_without_a_run_spec_need_a_model()
    {
        Directory.CreateDirectory(root);
        var weights = Path.Combine(root, "w.safetensors");
        File.WriteAllText(weights, "");

        var result = CliProcess.Run("diagnose", "sharpness", "--init", weights);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("give --model", result.Stderr, StringComparison.Ordinal);
    }

    void Train(string folder, string batch)
    {
        var run = CliProcess.Run("train", "--data", Data, "--model", "mlp:16", "--batch", batch, "--lr", "0.05", "--epochs", "2", "--val", "40", "--out", folder);
        Assert.True(run.ExitCode == 0, run.Stderr);
    }

    public void Dispose()
    {
        if (Directory.Exists(root))
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
