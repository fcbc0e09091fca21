using BatchLab.Models;

namespace BatchLab.Tests.Models;

/// <summary>The spec grammar: what each form builds, and one clear error for anything else.</summary>
public class ModelSpecTests
{
    [Fact]
    public void Mlp_512_times_5_with_bn_is_keskar_f1()
    {
        Assert.Equal(
            ModelZoo.CountParameters("keskar-f1", ModelCatalog.Mnist),
            ModelZoo.CountParameters("mlp:512*5,bn", ModelCatalog.Mnist));
        Assert.Equal(LayerNames("keskar-f1"), LayerNames("mlp:512*5,bn"));
        Assert.Equal(MlpSpec.KeskarF1.HiddenWidths, MlpSpec.Parse("512*5,bn").HiddenWidths);
    }

    [Fact]
    public void Widths_and_repeats_combine_in_order()
    {
        Assert.Equal([1024, 512, 512, 64], MlpSpec.Parse("1024x512*2x64").HiddenWidths);
    }

    [Fact]
    public void Batch_norm_sits_between_each_hidden_linear_layer_and_its_activation()
    {
        var layout = ModelLayout.Of("mlp:100x50,bn,act=tanh", ModelCatalog.Mnist);

        Assert.Equal(
            ["flatten", "fc1", "bn1", "tanh1", "fc2", "bn2", "tanh2", "fc3"],
            layout.Layers.Select(l => l.Name));
        Assert.Equal(["Flatten", "Linear", "GhostBatchNorm1d", "Tanh"], layout.Layers.Take(4).Select(l => l.Type));
    }

    [Theory]
    [InlineData("relu", "ReLU")]
    [InlineData("tanh", "Tanh")]
    [InlineData("gelu", "GELU")]
    [InlineData("sigmoid", "Sigmoid")]
    public void The_activation_option_picks_the_hidden_non_linearity(string activation, string type)
    {
        var layout = ModelLayout.Of($"mlp:8x8,act={activation}", ModelCatalog.Mnist);

        Assert.Equal([type, type], layout.Layers.Where(l => l.Name.StartsWith(activation, StringComparison.Ordinal)).Select(l => l.Type));
    }

    [Fact]
    public void An_unknown_model_is_an_error_that_lists_every_valid_form()
    {
        var e = Assert.Throws<BatchLabException>(() => ModelZoo.Create("resnet50", ModelCatalog.Mnist));

        Assert.Contains("unknown model 'resnet50'", e.Message);
        Assert.All(ModelCatalog.Entries, entry => Assert.Contains(entry.Form, e.Message));
        Assert.Equal(BatchLabException.BadInput, e.ExitCode);
    }

    [Theory]
    [InlineData("mlp", "needs its hidden widths")]
    [InlineData("mlp:", "no hidden widths")]
    [InlineData("mlp:0", "hidden width '0'")]
    [InlineData("mlp:12a", "hidden width '12a'")]
    [InlineData("mlp:256x", "hidden width ''")]
    [InlineData("mlp:512*0", "repeat count in '512*0'")]
    [InlineData("mlp:512*2*2", "hidden width '512*2*2'")]
    [InlineData("mlp:256,dropout", "unknown option 'dropout'")]
    [InlineData("mlp:256,act=relu6", "unknown option 'act=relu6'")]
    [InlineData("lenet5:3", "lenet5 takes no arguments")]
    public void A_malformed_spec_names_the_faulty_part_and_lists_the_valid_forms(string spec, string problem)
    {
        var e = Assert.Throws<BatchLabException>(() => ModelZoo.CountParameters(spec, ModelCatalog.Mnist));

        Assert.Contains(problem, e.Message);
        Assert.Contains("valid forms: linear; mlp:W1xW2x...", e.Message);
    }

    [Fact]
    public void Specs_ignore_case_and_surrounding_space()
    {
        Assert.Equal(61_706, ModelZoo.CountParameters("  LeNet5 ", ModelCatalog.Mnist));
    }

    [Theory]
    [InlineData("vgg16", new long[] { 1, 28, 28 }, "vgg16' is built for 3×224×224 images")]
    [InlineData("lenet5", new long[] { 20 }, "needs image samples C×H×W, but the data has samples of shape 20")]
    [InlineData("resnet20", new long[] { 28, 28 }, "shape 28×28")]
    [InlineData("lenet5", new long[] { 1, 8, 8 }, "at least 12×12 pixels")]
    public void A_convolutional_model_refuses_data_of_the_wrong_shape_with_one_clear_line(string spec, long[] shape, string problem)
    {
        var e = Assert.Throws<BatchLabException>(() => ModelZoo.Create(spec, new ModelInput(shape, 10)));

        Assert.Contains(problem, e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    static IEnumerable<string> LayerNames(string spec) => ModelLayout.Of(spec, ModelCatalog.Mnist).Layers.Select(l => l.Name);
}
