using BatchLab.Models;
using BatchLab.Tests.Support;
using static TorchSharp.torch;

namespace BatchLab.Tests.Models;

/// <summary>Initial weights come from torch's global generator, so seeding it fixes them.</summary>
[Collection(GlobalRandomCollection.Name)]
public class ModelInitTests
{
    [Theory]
    [InlineData("mlp:64,bn")]
    [InlineData("resnet8")]
    public void The_same_seed_builds_the_same_weights_and_another_seed_other_weights(string spec)
    {
        var first = Weights(spec, seed: 3, ScalarType.Float32);
        var again = Weights(spec, seed: 3, ScalarType.Float32);
        var other = Weights(spec, seed: 4, ScalarType.Float32);

        Assert.All(first.Keys, name => Assert.True(Same(first[name], again[name]), name));
        Assert.Contains(first.Keys, name => !Same(first[name], other[name]));
    }

    [Fact]
    public void Float64_models_start_from_the_float32_draws_of_the_same_seed_and_run_in_float64()
    {
        var single = Weights("mlp:64,bn", seed: 5, ScalarType.Float32);
        var wide = Weights("mlp:64,bn", seed: 5, ScalarType.Float64);

        Assert.All(wide.Values, w => Assert.True(w.dtype is ScalarType.Float64 or ScalarType.Int64));
        Assert.All(single.Keys, name => Assert.True(Same(single[name].to(wide[name].dtype), wide[name]), name));

        using var scope = NewDisposeScope();
        manual_seed(5);
        using var model = ModelZoo.Create("mlp:64,bn", ModelCatalog.Mnist, ScalarType.Float64);
        model.SetNormBatch(2);
        Assert.Equal(ScalarType.Float64, model.call(randn(4, 1, 28, 28, dtype: float64)).dtype);
    }

    static bool Same(Tensor a, Tensor b) => a.shape.SequenceEqual(b.shape) && a.eq(b).all().item<bool>();

    /// <summary>Parameters and buffers (BN running statistics included) of a freshly seeded model.</summary>
    static Dictionary<string, Tensor> Weights(string spec, long seed, ScalarType dtype)
    {
        manual_seed(seed);
        // Copies: the state dict's tensors belong to the model, and once the model is unreachable
        // the garbage collector may finalize it and free them under the caller.
        using var model = ModelZoo.Create(spec, ModelCatalog.Mnist, dtype);
        return model.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.detach().clone());
    }
}
