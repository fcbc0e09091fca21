using BatchLab.Models;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace BatchLab.Training.Fused;

/// <summary>
/// How many members a fused group of one architecture may have. Per member the group holds the
/// weights, their gradients, up to two optimizer states and the member's own model (5 copies of
/// the parameters), and the activations of a micro-batch with their gradients and autograd's
/// saved tensors (about 3 copies of what the forward pass produces). Members are limited to what
/// fits in <c>budgetBytes</c> and to <see cref="MaxMembers"/>.
/// </summary>
public static class FusedCapacity
{
    /// <summary>
    /// At most 16 members: in `bench compare` (docs/performance.md) K = 64 was slower than K = 16
    /// at every B for `mlp:256` and `simple-cnn` (for `mlp:256` slower than one trial alone), as
    /// the group's weights and gradients leave the caches.
    /// </summary>
    public const int MaxMembers = 16;

    /// <summary>Bytes one member of <paramref name="spec"/> needs with micro-batch <paramref name="microBatch"/>.</summary>
    public static long BytesPerMember(string spec, ModelInput input, long microBatch, int bytesPerValue = 4)
    {
        using var model = ModelZoo.BuildWithoutWeights(spec, input);
        return bytesPerValue * ((5 * model.CountParameters()) + (3 * microBatch * ActivationsPerSample(model, input.SampleShape)));
    }

    /// <summary>
    /// Values each layer of a fusable (sequential) model outputs for one sample, from shapes
    /// alone: the model may live on the meta device, where not every kernel exists.
    /// </summary>
    static long ActivationsPerSample(nn.Module model, long[] sampleShape)
    {
        var shape = sampleShape;
        var total = 0L;
        foreach (var (_, layer) in FusedArchitecture.Layers(model).Select(p => (p.Name, p.Module)))
        {
            shape = layer switch
            {
                Linear l => [l.out_features],
                Flatten => [shape.Aggregate(1L, (a, b) => a * b)],
                Conv2d c => [c.out_channels, Side(shape[1], c.kernel_size[0], c.stride[0], c.padding![0], c.dilation[0]), Side(shape[2], c.kernel_size[1], c.stride[1], c.padding[1], c.dilation[1])],
                MaxPool2d p => [shape[0], Side(shape[1], p.kernel_size[0], (p.stride ?? p.kernel_size)[0], p.padding?[0] ?? 0, 1), Side(shape[2], p.kernel_size[1], (p.stride ?? p.kernel_size)[1], p.padding?[1] ?? 0, 1)],
                AvgPool2d p => [shape[0], Side(shape[1], p.kernel_size[0], (p.stride ?? p.kernel_size)[0], p.padding?[0] ?? 0, 1), Side(shape[2], p.kernel_size[1], (p.stride ?? p.kernel_size)[1], p.padding?[1] ?? 0, 1)],
                _ => shape,
            };
            total += shape.Aggregate(1L, (a, b) => a * b);
        }

        return total;
    }

    static long Side(long size, long kernel, long stride, long padding, long dilation) =>
        ((size + (2 * padding) - (dilation * (kernel - 1)) - 1) / stride) + 1;

    /// <summary>The members that fit in <paramref name="budgetBytes"/> (at least 1, at most <see cref="MaxMembers"/>).</summary>
    public static int Members(string spec, ModelInput input, long microBatch, long budgetBytes, int bytesPerValue = 4) =>
        (int)Math.Clamp(budgetBytes / BytesPerMember(spec, input, microBatch, bytesPerValue), 1, MaxMembers);

    /// <summary>The default budget: a quarter of the memory this process may use.</summary>
    public static long DefaultBudget => GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 4;
}
