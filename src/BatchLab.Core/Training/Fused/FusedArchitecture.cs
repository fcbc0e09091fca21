using BatchLab.Models;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace BatchLab.Training.Fused;

/// <summary>
/// Decides whether a model has a fused form and how each layer runs fused: a sequence of linear
/// layers, convolutions, ghost batch norm over features, flatten, activations and pooling. It
/// reads only the model's structure, so a model built on the meta device (no weights) answers too.
/// Residual networks (resnet8/20) are not sequences, and dropout (vgg16) draws random masks that
/// could not match the members' solo runs, so those train unfused.
/// </summary>
public static class FusedArchitecture
{
    /// <summary>True when <paramref name="model"/> can be fused; otherwise <paramref name="reason"/> says why.</summary>
    public static bool IsFusable(nn.Module model, out string reason)
    {
        try
        {
            Layers(model);
            reason = "";
            return true;
        }
        catch (BatchLabException e)
        {
            reason = e.Message;
            return false;
        }
    }

    /// <summary>Each top-level layer with the layout its input arrives in.</summary>
    /// <exception cref="BatchLabException">A layer has no fused form (the message names it).</exception>
    internal static List<(string Name, nn.Module Module, FusedLayout Layout)> Layers(nn.Module model)
    {
        if (model is not Sequential)
        {
            throw Unsupported($"a {model.GetType().Name} is not a sequence of layers");
        }

        var children = model.named_children().ToList();
        var firstShaped = children.Select(c => c.module).FirstOrDefault(m => m is Linear or Conv2d or Flatten);
        var layout = firstShaped is Conv2d ? FusedLayout.Channels : FusedLayout.Members;
        var plan = new List<(string, nn.Module, FusedLayout)>();
        foreach (var (name, module) in children)
        {
            var fits = module switch
            {
                Linear or GhostBatchNorm1d => layout == FusedLayout.Members,
                Conv2d or MaxPool2d or AvgPool2d => layout == FusedLayout.Channels,
                Flatten f => f.start_dim == 1 && f.end_dim == -1,
                ReLU or Tanh or GELU or Sigmoid => true,
                _ => throw Unsupported($"layer '{name}' ({module.GetType().Name}) has no fused form"),
            };
            if (!fits)
            {
                throw Unsupported($"layer '{name}' ({module.GetType().Name}) cannot follow a {(layout == FusedLayout.Members ? "flattened" : "convolutional")} layer");
            }

            plan.Add((name, module, layout));
            layout = module is Flatten ? FusedLayout.Members : layout;
        }

        if (layout != FusedLayout.Members || children.Count == 0)
        {
            throw Unsupported("it does not end in a linear layer");
        }

        return plan;
    }

    static BatchLabException Unsupported(string why) =>
        new($"this model cannot be trained fused: {why}; fused training supports {FusedNetwork.Supported} (train it unfused, e.g. --fuse off)");
}
