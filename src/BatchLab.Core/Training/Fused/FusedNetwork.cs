using BatchLab.Models;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace BatchLab.Training.Fused;

/// <summary>
/// K members' models with one architecture trained as one network (horizontal fusion, HFTA,
/// MLSys 2021): every layer runs once for all members, so K small batches cost about what one
/// batch of K·B samples costs. Members never mix: linear layers are batched products, convolutions
/// grouped, BatchNorm statistics per member, and the loss a sum of per-member losses, so member k's
/// gradient is the gradient it would have alone. Each state-dict entry is stacked along a leading
/// member axis (<see cref="FusedTensor"/>). Training runs <see cref="Forward"/>; evaluation <see cref="Infer"/>, all members in one pass.
/// </summary>
public sealed class FusedNetwork : IDisposable
{
    /// <summary>The models with a fused form, for messages.</summary>
    public const string Supported = "linear, mlp (with or without bn, any activation), keskar-f1, lenet5 and simple-cnn";

    readonly IReadOnlyList<IFusedLayer> layers;

    FusedNetwork(IReadOnlyList<IFusedLayer> layers, long members)
    {
        this.layers = layers;
        Members = members;
        Input = layers[0].Input;
        Tensors = [.. layers.SelectMany(l => l.Tensors)];
        Parameters = [.. Tensors.Where(t => t.Trainable)];
    }

    /// <summary>K: the members currently in the network.</summary>
    public long Members { get; private set; }

    /// <summary>How the input rows must be ordered: member-major for Members, sample-major (interleaved) for Channels.</summary>
    public FusedLayout Input { get; }

    /// <summary>Every state-dict entry (parameters and buffers) in the members' state-dict order.</summary>
    public IReadOnlyList<FusedTensor> Tensors { get; }

    public IReadOnlyList<FusedTensor> Parameters { get; }

    /// <summary>Armed by the trainer for updates that plain SGD can write through the linear layers' products.</summary>
    internal DirectUpdate Direct { get; private init; } = new();

    /// <summary>
    /// Stacks the members' current weights and buffers (each model as built for that member alone,
    /// already in the training dtype and on the training device).
    /// </summary>
    /// <exception cref="BatchLabException">The architecture has no fused form, or the members' architectures differ.</exception>
    public static FusedNetwork Stack(IReadOnlyList<nn.Module<Tensor, Tensor>> members, long? ghostBatch)
    {
        var direct = new DirectUpdate();
        var plan = FusedArchitecture.Layers(members[0]);
        var shapes = Shapes(members[0]);
        foreach (var other in members.Skip(1))
        {
            if (!Shapes(other).SequenceEqual(shapes))
            {
                throw new BatchLabException("fused members must have the same architecture (their state dicts differ in names or shapes)");
            }
        }

        var children = members.Select(m => m.named_children().Select(c => c.module).ToList()).ToList();
        var fused = new List<IFusedLayer>();
        for (var i = 0; i < plan.Count; i++)
        {
            var (name, module, layout) = plan[i];
            List<T> Each<T>() => [.. children.Select(c => (T)(object)c[i])];
            fused.Add(module switch
            {
                Linear => new FusedLinear(name, Each<Linear>(), direct),
                Conv2d => new FusedConv2d(name, Each<Conv2d>()),
                GhostBatchNorm1d => new FusedBatchNorm1d(name, Each<GhostBatchNorm1d>(), ghostBatch),
                Flatten => new FusedFlatten(layout, members.Count),
                _ => new SharedLayer((nn.Module<Tensor, Tensor>)module, layout),
            });
        }

        return new FusedNetwork(fused, members.Count) { Direct = direct };
    }

    /// <summary>
    /// Runs <paramref name="inputs"/> [K·N, ...sample] (rows ordered as <see cref="Input"/> says)
    /// and returns the outputs as [K, N, outputs].
    /// </summary>
    public Tensor Forward(Tensor inputs)
    {
        var perMember = inputs.shape[0] / Members;
        var x = Input == FusedLayout.Members
            ? inputs.view([Members, perMember, .. inputs.shape[1..]])
            : inputs.view([perMember, Members * inputs.shape[1], .. inputs.shape[2..]]);
        foreach (var layer in layers)
        {
            x = layer.Forward(x);
        }

        return x;
    }

    /// <summary>
    /// Every member on the same inputs [N, ...sample], in evaluation mode (BatchNorm on running
    /// statistics) and without gradients: outputs [K, N, outputs]. One pass evaluates all K members;
    /// each member's outputs equal its own model's to float32 rounding.
    /// </summary>
    public Tensor Infer(Tensor inputs)
    {
        using var _ = no_grad();
        var x = Input == FusedLayout.Members
            ? inputs.unsqueeze(0).expand([Members, .. inputs.shape])
            : inputs.repeat([1, Members, .. Enumerable.Repeat(1L, (int)inputs.dim() - 2)]);
        foreach (var layer in layers)
        {
            x = layer.Infer(x);
        }

        return x;
    }

    /// <summary>Drops every gradient (the next backward pass writes fresh ones instead of adding).</summary>
    public void ZeroGrad()
    {
        foreach (var p in Parameters)
        {
            p.Value.grad = null;
        }
    }

    /// <summary>Writes member <paramref name="member"/>'s weights and buffers into its own model.</summary>
    public void CopyTo(long member, nn.Module model)
    {
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        var state = model.state_dict();
        foreach (var t in Tensors)
        {
            state[t.Name].copy_(t.Member(member));
        }
    }

    /// <summary>Keeps the members at <paramref name="positions"/> (current positions, in the order given).</summary>
    public void Keep(IReadOnlyList<int> positions)
    {
        foreach (var t in Tensors)
        {
            t.Keep(positions);
        }

        Members = positions.Count;
        foreach (var flatten in layers.OfType<FusedFlatten>())
        {
            flatten.Members = Members;
        }
    }

    public void Dispose()
    {
        foreach (var t in Tensors)
        {
            t.Dispose();
        }
    }

    static List<string> Shapes(nn.Module model) =>
        [.. model.state_dict().Select(p => $"{p.Key}:{string.Join('x', p.Value.shape)}")];
}
