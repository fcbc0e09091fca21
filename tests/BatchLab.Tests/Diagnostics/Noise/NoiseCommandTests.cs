using BatchLab.Tests.Data;
using BatchLab.Tests.Support;

namespace BatchLab.Tests.Diagnostics.Noise;

/// <summary>`diagnose noise` and `train --track-noise` as a user runs them.</summary>
public class NoiseCommandTests
{
    const string Regression = "synthetic-regression:n=2048,test=64";

    [Fact]
    public void Diagnose_noise_prints_the_estimate_as_json_and_writes_tables_and_figures()
    {
        using var dir = new TempDirectory();
        var result = CliProcess.Run("diagnose", "noise", "--data", Regression, "--model", "linear", "--batches", "4,32,256", "--draws", "100", "--json", "--out", dir.Path);

        Assert.True(result.ExitCode == 0, result.Stderr);
        var estimate = result.Json.GetProperty("estimate");
        Assert.Equal(3, estimate.GetProperty("batches").GetArrayLength());
        // A fresh linear model on this task has B_simple of order d(‖δ‖² + σ²)/‖δ‖² ≈ 17–40.
        Assert.InRange(estimate.GetProperty("noise_scale").GetDouble(), 5, 200);
        Assert.Equal(3, result.Json.GetProperty("measurement").GetProperty("pairs").GetArrayLength());
        Assert.StartsWith("At initialization (seed 0), B_simple = ", result.Json.GetProperty("finding").GetString(), StringComparison.Ordinal);
        foreach (var file in new[] { "result.json", "noise_draws.csv", "noise_estimates.csv", "noise_sq_norm_vs_batch.png", "noise_sq_norm_vs_batch.svg" })
        {
            Assert.True(File.Exists(Path.Combine(dir.Path, file)), file);
        }
    }

    [Fact]
    public void One_batch_size_is_a_one_line_error()
    {
        var result = CliProcess.Run("diagnose", "noise", "--data", Regression, "--model", "linear", "--batches", "64");

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("batchlab: error: --batches must list at least two distinct sizes", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Train_with_track_noise_writes_the_noise_scale_or_its_lower_bound_at_every_evaluation_after_the_first()
    {
        using var dir = new TempDirectory();
        var result = CliProcess.Run("train", "--data", Regression, "--model", "linear", "--batch", "64", "--epochs", "2", "--eval-every", "0.5ep", "--track-noise", "--out", dir.Path, "--json");

        Assert.True(result.ExitCode == 0, result.Stderr);
        var evaluations = File.ReadLines(Path.Combine(dir.Path, "metrics.jsonl")).Select(l => System.Text.Json.JsonDocument.Parse(l).RootElement)
            .Where(e => e.GetProperty("kind").GetString() == "eval").ToList();
        Assert.Equal(5, evaluations.Count);
        Assert.False(evaluations[0].TryGetProperty("noise_scale", out _));
        // Either measured, with a 90% interval around it, or "not measurable at this B": |G|² within
        // two standard errors of zero, with a lower bound when the estimates give one.
        Assert.All(evaluations.Skip(1), e => Assert.True(e.TryGetProperty("noise_scale", out var n)
            ? e.GetProperty("noise_scale_low").GetDouble() <= n.GetDouble() && n.GetDouble() <= e.GetProperty("noise_scale_high").GetDouble()
            : e.GetProperty("grad_sq_norm").GetDouble() <= 2 * e.GetProperty("grad_sq_norm_se").GetDouble()));
        Assert.All(evaluations.Skip(1), e => Assert.True(e.GetProperty("trace_cov").GetDouble() > 0 && e.TryGetProperty("grad_sq_norm", out _)));
        Assert.Contains("\"micro_batch\": 32", File.ReadAllText(Path.Combine(dir.Path, "spec.json")), StringComparison.Ordinal);
    }

    [Fact]
    public void Track_noise_with_the_micro_batch_equal_to_the_batch_is_a_one_line_error()
    {
        var result = CliProcess.Run("train", "--data", Regression, "--model", "linear", "--batch", "64", "--micro-batch", "64", "--track-noise", "--out", Path.Combine(Path.GetTempPath(), "batchlab-never-" + Guid.NewGuid().ToString("N")));

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("batchlab: error: --track-noise needs two batch sizes per update", result.Stderr, StringComparison.Ordinal);
    }
}
