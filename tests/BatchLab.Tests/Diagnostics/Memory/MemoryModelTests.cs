using BatchLab.Data;
using BatchLab.Diagnostics.Memory;
using BatchLab.Models;
using BatchLab.Training.Optimizers;
using static TorchSharp.torch;

namespace BatchLab.Tests.Diagnostics.Memory;

public class MemoryModelTests
{
    /// <summary>
    /// mlp:256 on 1×28×28 (flatten → fc1 784→256 → relu1 → fc2 256→10), float32, by hand:
    /// parameters 784·256 + 256 + 256·10 + 10 = 203,530 → 814,120 bytes, and as much for the
    /// gradients and for SGD's momentum: fixed 2,442,360 bytes.
    /// Saved for backward per sample: the input (fc1 keeps it; flatten is a view) 784 floats, relu1's
    /// output (relu1 and fc2 keep the same tensor) 256, cross-entropy's log-softmax 10:
    /// 1,050 floats = 4,200 bytes.
    /// Peak, walking backward: fc2 = input 3,136 + relu1 out 1,024 + ∂out 40 + ∂in 1,024 = 5,224;
    /// relu1 = 3,136 + 1,024 + ∂out 1,024 + ∂in 1,024 = 6,208 (the peak); fc1 = input 3,136
    /// (relu1's output is freed) + ∂out 1,024 and no gradient for the data = 4,160.
    /// At M = 32: 2,442,360 + 32 × 6,208 = 2,641,016 bytes with SGD. Adam keeps two state tensors
    /// (1,628,240) and a temporary as large as fc1's weight (200,704 floats = 802,816 bytes):
    /// 814,120 + 814,120 + 1,628,240 + 802,816 + 198,656 = 4,257,952 bytes.
    /// </summary>
    [Fact]
    public void Memory_model_of_mlp_256_matches_the_hand_computed_bytes()
    {
        using var model = ModelZoo.Create("mlp:256", ModelCatalog.Mnist);
        var profile = ActivationProfile.Measure(model, ModelCatalog.Mnist, TaskKind.Classification);
        var parameterBytes = model.parameters().Sum(p => p.numel() * p.element_size());

        var sgd = MemoryModel.For(profile, parameterBytes, OptimizerKind.Sgd);
        var adam = MemoryModel.For(profile, parameterBytes, OptimizerKind.Adam);

        Assert.Equal(814_120, parameterBytes);
        Assert.Equal(1_050, profile.FeatureMapFloats);
        Assert.Equal(4_200, profile.SavedBytes);
        Assert.Equal(6_208, profile.PeakBytes);
        Assert.Equal(2_442_360, sgd.FixedBytes);
        Assert.Equal(2_641_016, sgd.Predict(32));
        Assert.Equal(4_257_952, adam.Predict(32));
        Assert.Equal(10, sgd.LargestMicroBatch(2_442_360 + (10 * 6_208) + 6_207));
    }

    /// <summary>
    /// conv 1→2 (3×3, padding 1) → relu → max-pool 2 → flatten → linear 8→3 on one 1×4×4 sample:
    /// feature maps 16 + 32 + 8 + 3 = 59 floats. Kept: the input (conv) 64 bytes, relu's output
    /// (relu, pool) 128, the pooled map (linear, through the flatten view) 32, the pool's int64
    /// indices 8 × 8 = 64, the log-softmax 12: 300 bytes. Peak at relu: input 64 + relu out 128 +
    /// ∂out 128 + ∂in 128 = 448.
    /// </summary>
    [Fact]
    public void Saved_tensors_follow_each_layers_rule_and_are_counted_once()
    {
        using var model = nn.Sequential(
            ("conv", nn.Conv2d(1, 2, 3, padding: 1)), ("relu", nn.ReLU()), ("pool", nn.MaxPool2d(2)),
            ("flatten", nn.Flatten()), ("fc", nn.Linear(8, 3)));

        var profile = ActivationProfile.Measure(model, new ModelInput([1, 4, 4], 3), TaskKind.Classification);

        Assert.Equal(59, profile.FeatureMapFloats);
        Assert.Equal(300, profile.SavedBytes);
        Assert.Equal(448, profile.PeakBytes);
        Assert.Equal([0, 128, 32 + 64, 0, 0], profile.Layers.Select(l => l.SavedBytes));
        Assert.All(profile.Layers, l => Assert.True(l.Rule.Known));
    }

    [Theory]
    [InlineData("4GiB", 4L << 30)]
    [InlineData("512MiB", 512L << 20)]
    [InlineData("4GB", 4_000_000_000L)]
    [InlineData("1.5G", 3L << 29)]
    [InlineData("1000", 1000L)]
    public void Memory_sizes_parse_in_binary_and_decimal_units(string text, long bytes) =>
        Assert.Equal(bytes, ByteSize.Parse(text));

    [Fact]
    public void A_malformed_memory_size_is_a_user_error()
    {
        var error = Assert.Throws<BatchLabException>(() => ByteSize.Parse("four gigs"));
        Assert.Contains("4GiB", error.Message, StringComparison.Ordinal);
    }
}
