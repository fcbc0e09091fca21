using BatchLab.Tests.Support;

namespace BatchLab.Tests.Diagnostics.Memory;

public class DiagnoseMemoryCommandTests
{
    [Fact]
    public void Vgg16_json_reports_the_seed_figures_and_the_double_counted_quote()
    {
        var result = CliProcess.Run("diagnose", "memory", "--model", "vgg16", "--json");

        Assert.True(result.ExitCode == 0, result.Stderr);
        var json = result.Json;
        Assert.Equal(15_237_608, json.GetProperty("feature_map_floats_per_sample").GetInt64());
        Assert.Equal(138_357_544, json.GetProperty("parameters").GetInt64());
        Assert.Equal(60.95, json.GetProperty("feature_map_megabytes_per_sample").GetDouble(), 0.005);
        var quoted = json.GetProperty("feature_map_tallies").EnumerateArray().Single(t => t.GetProperty("floats").GetInt64() == 15_245_800);
        Assert.Contains("fc6 and fc7", quoted.GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.Contains("15,245,800", json.GetProperty("finding").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Measurements_run_real_training_steps_in_fresh_processes()
    {
        var result = CliProcess.Run("diagnose", "memory", "--model", "mlp:256", "--micro-batch", "512", "--json");

        Assert.True(result.ExitCode == 0, result.Stderr);
        var point = result.Json.GetProperty("points").EnumerateArray().Single(p => p.GetProperty("micro_batch").GetInt64() == 512);
        Assert.True(point.GetProperty("measured_bytes").GetInt64() > 2_442_360);
        Assert.True(point.GetProperty("baseline_bytes").GetInt64() > 0);
        Assert.Equal(2_442_360 + (512 * 6_208), point.GetProperty("predicted_bytes").GetInt64());
    }

    [Fact]
    public void A_malformed_input_shape_is_a_one_line_error()
    {
        var result = CliProcess.Run("diagnose", "memory", "--model", "mlp:256", "--input", "3xbig");

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("batchlab: error: --input '3xbig'", result.Stderr, StringComparison.Ordinal);
    }
}
