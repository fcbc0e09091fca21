using BatchLab.Diagnostics.Throughput;
using BatchLab.Models;
using BatchLab.Tests.Support;
using static TorchSharp.torch;

namespace BatchLab.Tests.Diagnostics.Throughput;

[Collection(GlobalRandomCollection.Name)]
public class ModelFlopsTests
{
    [Theory]
    // 784·256 + 256·10
    [InlineData("mlp:256", 203_264L)]
    // conv1 6·28·28 outputs × 25; conv2 16·10·10 × 6·25; fc 400·120 + 120·84 + 84·10
    [InlineData("lenet5", 117_600L + 240_000L + 48_000L + 10_080L + 840L)]
    public void Forward_multiply_adds_count_every_linear_and_convolution_output(string spec, long expected)
    {
        using var scope = NewDisposeScope();
        using var model = ModelZoo.Create(spec, ModelCatalog.Mnist);

        Assert.Equal(expected, ModelFlops.ForwardMultiplyAdds(model, randn(3, 1, 28, 28)));
        Assert.Equal(6.0 * expected, ModelFlops.TrainingFlopsPerSample(expected));
    }
}
