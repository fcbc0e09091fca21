using BatchLab.Tests.Support;

namespace BatchLab.Tests.Diagnostics.Saddle;

public class SaddleCommandTests
{
    [Fact]
    public void Json_output_carries_the_saddle_check_and_every_run()
    {
        var result = CliProcess.Run("saddle", "--json", "--dim", "3", "--seeds", "2", "--batches", "4,64", "--steps", "600");

        Assert.True(result.ExitCode == 0, result.Stderr);
        var json = result.Json;
        Assert.Equal(-4, json.GetProperty("checks")[0].GetProperty("min_hessian_eigenvalue").GetDouble(), 1e-9);
        Assert.Equal(10, json.GetProperty("runs").GetArrayLength());
        Assert.Equal("gd", json.GetProperty("runs")[0].GetProperty("method").GetString());
        Assert.False(json.TryGetProperty("plots", out _));
    }

    [Fact]
    public void A_bad_batch_list_is_a_one_line_error()
    {
        var result = CliProcess.Run("saddle", "--batch", "4,zero");

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("batchlab: error: --batch '4,zero'", result.Stderr, StringComparison.Ordinal);
    }
}
