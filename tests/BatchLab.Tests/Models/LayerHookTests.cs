using BatchLab.Models;
using static TorchSharp.torch;

namespace BatchLab.Tests.Models;

/// <summary>
/// Diagnostics measure per-layer activations with forward hooks, which fire only for modules run
/// through <c>.call()</c>: every leaf layer of every zoo model must fire, under a unique name.
/// </summary>
public class LayerHookTests
{
    [Theory]
    [InlineData("mlp:32x16,bn")]
    [InlineData("lenet5")]
    [InlineData("simple-cnn")]
    [InlineData("resnet8")]
    public void Every_leaf_layer_fires_its_forward_hook_once_per_pass(string spec)
    {
        using var scope = NewDisposeScope();
        using var model = ModelZoo.Create(spec, ModelCatalog.Mnist);
        var leaves = model.named_modules().Where(m => !m.module.children().Any()).ToList();
        var fired = new List<string>();
        foreach (var (name, module) in leaves)
        {
            ((nn.Module<Tensor, Tensor>)module).register_forward_hook((_, _, output) =>
            {
                fired.Add(name);
                return output;
            });
        }

        model.call(randn(2, 1, 28, 28));

        Assert.Equal(leaves.Select(l => l.name).Order(), fired.Order());
    }

    [Fact]
    public void ResNet_layers_are_named_by_stage_block_and_role()
    {
        var names = ModelLayout.Of("resnet20", ModelCatalog.Mnist).Layers.Select(l => l.Name).ToList();

        Assert.Equal(["conv1", "bn1", "relu1"], names.Take(3));
        Assert.Contains("stage2.block1.shortcut", names);
        Assert.Contains("stage3.block3.bn2", names);
        Assert.Equal(["pool", "flatten", "fc"], names.TakeLast(3));
        Assert.Equal(19, names.Count(n => n.EndsWith("bn1", StringComparison.Ordinal) || n.EndsWith("bn2", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("keskar-f1", 5)]
    [InlineData("resnet20", 19)]
    [InlineData("lenet5", 0)]
    public void SetGhostBatchSize_reaches_every_batch_norm_layer(string spec, int layers)
    {
        using var model = ModelZoo.Create(spec, ModelCatalog.Mnist);

        Assert.Equal(layers, model.SetNormBatch(4));
        Assert.All(model.modules().OfType<IGhostBatchNorm>(), bn => Assert.Equal(4, bn.NormBatch));
    }
}
