using BatchLab.Models;
using static TorchSharp.torch;

namespace BatchLab.Tests.Models;

/// <summary>Every model builds, maps a batch to one output per class, and has the size its architecture implies.</summary>
public class ModelZooTests
{
    /// <summary>
    /// Parameter counts worked out by hand from each architecture on 1×28×28 with 10 classes
    /// (weights + biases; BN has weight and bias per channel; running statistics are buffers).
    /// </summary>
    public static TheoryData<string, long> SmallModels => new()
    {
        // 784·10 + 10
        { "linear", 7_850 },

        // (784·256 + 256) + (256·10 + 10) = 200,960 + 2,570
        { "mlp:256", 203_530 },

        // (784·512 + 512) + (512·256 + 256) + (256·10 + 10) = 401,920 + 131,328 + 2,570
        { "mlp:512x256", 535_818 },

        // fc1 784·512 + 512 = 401,920, bn1 1,024; four × (512·512 + 512 + 1,024) = 4 × 263,680;
        // fc6 512·10 + 10 = 5,130: 402,944 + 1,054,720 + 5,130
        { "keskar-f1", 1_462_794 },

        // conv1 1·6·25 + 6 = 156; conv2 6·16·25 + 16 = 2,416; fc1 16·5·5·120 + 120 = 48,120;
        // fc2 120·84 + 84 = 10,164; fc3 84·10 + 10 = 850
        { "lenet5", 61_706 },

        // conv1 1·32·25 + 32 = 832; conv2 32·64·25 + 64 = 51,264; fc1 64·7·7·1024 + 1024 = 3,212,288;
        // fc2 1024·10 + 10 = 10,250
        { "simple-cnn", 3_274_634 },

        // conv1 1·16·9 = 144, bn1 32. Stage 1 block: 2 × 16·16·9 + 2 × 32 = 4,672. Stage 2 first
        // block: 16·32·9 + 32·32·9 + 2 × 64 = 13,952 (option-A shortcut: no parameters). Stage 3
        // first block: 32·64·9 + 64·64·9 + 2 × 128 = 55,552. fc 64·10 + 10 = 650.
        // 144 + 32 + 4,672 + 13,952 + 55,552 + 650
        { "resnet8", 75_002 },

        // resnet8 plus two more blocks per stage: stage 1 2 × 4,672; stage 2 2 × (2 × 32·32·9 + 128)
        // = 2 × 18,560; stage 3 2 × (2 × 64·64·9 + 256) = 2 × 73,984: 75,002 + 9,344 + 37,120 + 147,968.
        // (The paper's 0.27M; with 3 input channels 269,722.)
        { "resnet20", 269_434 },
    };

    [Theory]
    [MemberData(nameof(SmallModels))]
    public void Small_models_have_the_hand_computed_parameter_count(string spec, long parameters)
    {
        using var model = ModelZoo.Create(spec, ModelCatalog.Mnist);

        Assert.Equal(parameters, model.CountParameters());
        Assert.Equal(parameters, ModelZoo.CountParameters(spec, ModelCatalog.Mnist));
    }

    public static TheoryData<string> SmallModelSpecs => [.. SmallModels.Select(row => (string)row[0])];

    [Theory]
    [MemberData(nameof(SmallModelSpecs))]
    public void Small_models_map_a_batch_of_digits_to_ten_logits_in_training_and_eval_mode(string spec)
    {
        using var scope = NewDisposeScope();
        using var model = ModelZoo.Create(spec, ModelCatalog.Mnist);
        var batch = randn(4, 1, 28, 28);

        Assert.Equal([4L, 10L], model.call(batch).shape);
        model.eval();
        using var noGrad = no_grad();
        Assert.Equal([4L, 10L], model.call(batch).shape);
    }

    [Theory]
    [InlineData("linear", new long[] { 20 }, 1)]
    [InlineData("mlp:64x32", new long[] { 20 }, 1)]
    [InlineData("mlp:64,bn", new long[] { 3, 8, 8 }, 5)]
    [InlineData("lenet5", new long[] { 3, 32, 32 }, 10)]
    [InlineData("simple-cnn", new long[] { 3, 32, 32 }, 100)]
    [InlineData("resnet8", new long[] { 3, 32, 32 }, 10)]
    [InlineData("resnet8", new long[] { 1, 9, 9 }, 2)]
    public void Models_adapt_to_other_inputs_and_output_counts(string spec, long[] sampleShape, int outputs)
    {
        using var scope = NewDisposeScope();
        using var model = ModelZoo.Create(spec, new ModelInput(sampleShape, outputs));

        Assert.Equal([6L, outputs], model.call(randn([6, .. sampleShape])).shape);
    }

    [Fact]
    public void Vgg16_is_configuration_D_with_138_357_544_parameters_and_maps_an_image_to_1000_logits()
    {
        // Counted without allocating the weights first; then built once for real (553 MB, a few
        // seconds) to check that the real count agrees and that a 224×224 image goes through.
        Assert.Equal(138_357_544, ModelZoo.CountParameters("vgg16", ModelCatalog.ImageNet));

        using var scope = NewDisposeScope();
        using var model = ModelZoo.Create("vgg16", ModelCatalog.ImageNet);
        model.eval();
        using var noGrad = no_grad();
        Assert.Equal(138_357_544, model.CountParameters());
        Assert.Equal([1L, 1000L], model.call(randn(1, 3, 224, 224)).shape);
    }

    [Fact]
    public void Every_catalog_entry_builds_its_example_on_its_native_input()
    {
        var summaries = ModelCatalog.Describe();

        Assert.Equal(
            ["linear", "mlp", "keskar-f1", "lenet5", "simple-cnn", "resnet8", "resnet20", "vgg16", "keskar-c1", "transformer", "torchscript"],
            summaries.Select(s => s.Name));
        Assert.All(summaries.Where(s => s.Name != "torchscript"), s => Assert.True(s.Parameters > 0, s.Name));
    }
}
