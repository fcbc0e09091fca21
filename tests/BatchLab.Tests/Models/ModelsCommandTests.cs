using BatchLab.Models;
using BatchLab.Tests.Support;

namespace BatchLab.Tests.Models;

public class ModelsCommandTests
{
    [Fact]
    public void Models_json_lists_every_model_with_its_parameter_count()
    {
        var result = CliProcess.Run("models", "--json");

        Assert.True(result.ExitCode == 0, result.Stderr);
        var counts = result.Json.GetProperty("models").EnumerateArray()
            .ToDictionary(m => m.GetProperty("name").GetString()!, m => m.TryGetProperty("parameters", out var p) && p.ValueKind == System.Text.Json.JsonValueKind.Number ? p.GetInt64() : (long?)null);
        Assert.Equal(ModelCatalog.Entries.Select(e => e.Name), counts.Keys);
        Assert.Equal(1_756_682, counts["keskar-c1"]);
        Assert.Null(counts["torchscript"]); // read from the user's file
        Assert.Equal(1_462_794, counts["keskar-f1"]);
        Assert.Equal(269_434, counts["resnet20"]);
        Assert.Equal(138_357_544, counts["vgg16"]);
        Assert.Equal(867_072, counts["transformer"]); // layers=4,dim=128,heads=4,context=64: 4 × (12·128² + 13·128) + 128 × (256 + 64 + 2 + 256)
    }

    [Fact]
    public void An_unknown_spec_is_one_error_line_and_exit_code_2()
    {
        var result = CliProcess.Run("models", "resnet50");

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("batchlab: error: model spec 'resnet50': unknown model", result.Stderr);
        Assert.Single(result.Stderr.Trim().Split('\n'));
    }
}
