using BatchLab.Tests.Support;
using BatchLab.Training;
using static TorchSharp.torch;

namespace BatchLab.Tests.Training;

/// <summary>A model with nothing to train is refused in one line before training (issue 23 item 7: an internal error at the first backward).</summary>
public sealed class ModelCheckTests
{
    static readonly TrainOptions Options = new() { Batch = BatchSize.Of(8), Budget = new Budget(Updates: 1) };

    [Fact]
    public void A_model_without_parameters_is_refused()
    {
        using var data = TinyData.Classification(n: 64, d: 3, classes: 3);

        var e = Assert.Throws<BatchLabException>(() => new Trainer(nn.Sequential(("same", nn.Identity())), data, Options));

        Assert.Equal("the model has no parameters: there is nothing to train", e.Message);
    }

    [Fact]
    public void A_model_whose_parameters_are_all_frozen_is_refused()
    {
        using var data = TinyData.Classification(n: 64);
        var model = TinyData.Mlp(seed: 1);
        foreach (var p in model.parameters())
        {
            p.requires_grad = false;
        }

        var e = Assert.Throws<BatchLabException>(() => new Trainer(model, data, Options));

        Assert.Contains("all 4 parameter tensors of the model are frozen", e.Message);
    }
}
