using BatchLab.Tests.Support;

namespace BatchLab.Tests.Diagnostics.Throughput;

public class ThroughputCommandTests
{
    [Fact]
    public void Throughput_reports_a_row_per_batch_the_knee_among_them_and_the_ceiling()
    {
        var result = CliProcess.Run("diagnose", "throughput", "--data", "synthetic-regression:n=512,test=64", "--model", "mlp:16",
            "--batches", "1,8,64", "--repeats", "2", "--seconds", "0.02", "--matmul-size", "128", "--threads", "1", "--json");

        Assert.True(result.ExitCode == 0, result.Stderr);
        var json = result.Json;
        Assert.Equal(3, json.GetProperty("rows").GetArrayLength());
        Assert.Contains(json.GetProperty("knee").GetProperty("batch").GetInt64(), new long[] { 1, 8, 64 });
        // mlp:16 on d = 16: 16·16 + 16·1 multiply-adds per sample.
        Assert.Equal(272, json.GetProperty("arithmetic").GetProperty("forward_multiply_adds").GetInt64());
        Assert.Equal(2 * ((3 * 272) - 256), json.GetProperty("training_flops_per_sample").GetDouble());
        Assert.True(json.GetProperty("ceiling").GetProperty("gflops_per_second").GetDouble() > 0);
        Assert.All(json.GetProperty("rows").EnumerateArray(), r => Assert.True(r.GetProperty("fraction_of_ceiling").GetDouble() > 0));
        Assert.Equal(1, json.GetProperty("threads").GetInt32());
    }
}
