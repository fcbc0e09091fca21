using BatchLab.Tests.Data;
using BatchLab.Tests.Support;

namespace BatchLab.Tests.Experiments.Advice;

/// <summary>`batchlab advise` as a user runs it.</summary>
public sealed class AdviseCommandTests
{
    const string Regression = "synthetic-regression:n=2048,test=64";

    [Fact]
    public void Advise_prints_the_recommendation_with_reasons_the_projection_and_its_caveat_as_json()
    {
        using var dir = new TempDirectory();
        var result = CliProcess.Run("advise", "--data", Regression, "--model", "linear", "--batch", "64", "--lr", "0.05", "--target", "val_loss=2",
            "--workers", "6", "--probe-epochs", "2", "--threads", "1", "--out", dir.Path, "--json");

        Assert.True(result.ExitCode == 0, result.Stderr);
        var recommendation = result.Json.GetProperty("recommendation");
        Assert.True(recommendation.GetProperty("batch").GetInt64() >= 1);
        var reasons = recommendation.GetProperty("reasons").EnumerateArray().Select(r => r.GetString()!).ToList();
        Assert.Contains("measured noise scale B_simple", reasons[0], StringComparison.Ordinal);
        Assert.Contains(reasons, r => r.StartsWith("M = ", StringComparison.Ordinal));
        Assert.Equal([1, 2, 4, 6], result.Json.GetProperty("projection").GetProperty("rows").EnumerateArray().Select(r => r.GetProperty("workers").GetInt32()));
        Assert.StartsWith("TorchSharp has no distributed training", result.Json.GetProperty("caveat").GetString(), StringComparison.Ordinal);
        Assert.True(result.Json.GetProperty("noise_scale").GetDouble() > 0);
        Assert.True(File.Exists(Path.Combine(dir.Path, "data_parallel_projection.csv")));
        Assert.True(File.Exists(Path.Combine(dir.Path, "noise_scale_over_training.png")));
    }

    [Theory]
    [InlineData("--data-parallel", "0", "--data-parallel must be at least 1")]
    [InlineData("--batch", "1", "advise needs --batch of at least 2")]
    [InlineData("--probe-lr", "fast", "--probe-lr 'fast'")]
    [InlineData("--memory", "lots", "lots")]
    public void Bad_input_is_a_one_line_error(string option, string value, string message)
    {
        var result = CliProcess.Run("advise", "--data", Regression, "--model", "linear", option, value);

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("batchlab: error:", result.Stderr.Trim(), StringComparison.Ordinal);
        Assert.Contains(message, result.Stderr, StringComparison.Ordinal);
        Assert.Single(result.Stderr.Trim().Split('\n'));
    }
}
