using BatchLab.Tests.Data;
using BatchLab.Tests.Support;

namespace BatchLab.Tests.Diagnostics.Agreement;

public class AgreementCommandTests
{
    [Fact]
    public void Agreement_measures_initialization_and_a_trained_checkpoint_and_states_the_cosine_at_N_over_100()
    {
        using var run = new TempDirectory();
        using var output = new TempDirectory();
        const string data = "synthetic-regression:n=2048,test=64";
        var train = CliProcess.Run("train", "--data", data, "--model", "linear", "--batch", "32", "--epochs", "1", "--lr", "0.05", "--out", run.Path, "--json");
        Assert.True(train.ExitCode == 0, train.Stderr);

        var result = CliProcess.Run("diagnose", "agreement", "--data", data, "--model", "linear", "--checkpoint", run.Path, "--draws", "8", "--noise-batches", "4,64", "--json", "--out", output.Path);

        Assert.True(result.ExitCode == 0, result.Stderr);
        var json = result.Json;
        var points = json.GetProperty("points");
        Assert.Equal(2, points.GetArrayLength());
        Assert.Equal("initialization (seed 0)", points[0].GetProperty("weights").GetString());
        Assert.StartsWith("checkpoint ", points[1].GetProperty("weights").GetString(), StringComparison.Ordinal);
        // 1843 training samples after 10% validation: N/100 rounds to 18.
        Assert.Equal(18, json.GetProperty("hundredth_batch").GetInt64());
        Assert.Equal(2, json.GetProperty("cosine_at_hundredth").GetArrayLength());
        var rows = points[1].GetProperty("rows");
        Assert.Equal(1.0, rows[rows.GetArrayLength() - 1].GetProperty("mean_cosine").GetDouble(), 5);
        // Trained weights sit near w*, where the gradient is mostly noise: the cosine at N/100 falls.
        Assert.True(json.GetProperty("cosine_at_hundredth")[1].GetDouble() < json.GetProperty("cosine_at_hundredth")[0].GetDouble());
        Assert.Contains("a gradient from 1/100 of the data (B = 18) has mean cosine", json.GetProperty("finding").GetString(), StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(output.Path, "agreement.csv")));
        Assert.True(File.Exists(Path.Combine(output.Path, "agreement_cosine_vs_batch.png")));
    }

    [Fact]
    public void A_checkpoint_of_another_model_is_a_one_line_error()
    {
        using var run = new TempDirectory();
        const string data = "synthetic-regression:n=512,test=64";
        Assert.Equal(0, CliProcess.Run("train", "--data", data, "--model", "linear", "--batch", "32", "--out", run.Path, "--json").ExitCode);

        var result = CliProcess.Run("diagnose", "agreement", "--data", data, "--model", "mlp:8", "--checkpoint", run.Path, "--noise-batches", "4,64");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("does not match the model", result.Stderr, StringComparison.Ordinal);
    }
}
