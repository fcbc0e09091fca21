using BatchLab.Diagnostics.Throughput;
using BatchLab.Models;
using BatchLab.Tests.Support;
using static TorchSharp.torch;

namespace BatchLab.Tests.Diagnostics.Throughput;

[Collection(GlobalRandomCollection.Name)]
public class ModelFlopsTests
{
    [Theory]
    // 784·256 + 256·10; the first layer is 784·256
    [InlineData("mlp:256", 203_264L, 200_704L)]
    // conv1 6·28·28 outputs × 25; conv2 16·10·10 × 6·25; fc 400·120 + 120·84 + 84·10
    [InlineData("lenet5", 117_600L + 240_000L + 48_000L + 10_080L + 840L, 117_600L)]
    public void Multiply_adds_count_every_linear_and_convolution_output(string spec, long forward, long first)
    {
        using var scope = NewDisposeScope();
        using var model = ModelZoo.Create(spec, ModelCatalog.Mnist);

        var flops = ModelFlops.Count(model, randn(3, 1, 28, 28));

        Assert.Equal(new ModelFlops(forward, first), flops);
        Assert.Equal(2.0 * ((3.0 * forward) - first), flops.TrainingFlopsPerSample);
    }

    [Fact]
    public void Training_flops_of_mlp_256_leave_out_the_input_gradient_of_the_first_layer()
    {
        // Forward 2·203,264, weight gradients 2·203,264, input gradient of fc2 only 2·2,560.
        Assert.Equal(818_176, new ModelFlops(203_264, 200_704).TrainingFlopsPerSample);
    }
}
