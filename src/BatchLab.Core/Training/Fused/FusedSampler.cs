using static TorchSharp.torch;

namespace BatchLab.Training.Fused;

/// <summary>
/// Each member's own <see cref="Sampler"/> stream (its seed, its epochs), drawn in lockstep: the
/// members' epoch orders are stacked once per epoch into [K, L], and an update's rows are one
/// narrow of it, [K, B]: the indices each member would draw alone, at the cost of one sampler.
/// </summary>
internal sealed class FusedSampler(BatchPlan plan, IReadOnlyList<long> seeds) : IDisposable
{
    List<Sampler> samplers = [.. seeds.Select(s => new Sampler(plan, s))];
    Tensor? orders;
    long ordersEpoch = -1;

    /// <summary>The rows [K, size] of the update at <paramref name="position"/> (a view), and the position after it.</summary>
    public (Tensor Rows, SamplerPosition Next) Take(SamplerPosition position)
    {
        var (size, next) = Sampler.Advance(plan, position);
        if (ordersEpoch != position.Epoch || orders is null)
        {
            orders?.Dispose();
            orders = stack(samplers.Select(s => s.OrderOf(position.Epoch)), 0).DetachFromDisposeScope();
            ordersEpoch = position.Epoch;
        }

        return (orders.narrow(1, position.Offset, size), next);
    }

    /// <summary>Keeps the members at <paramref name="positions"/>.</summary>
    public void Keep(IReadOnlyList<int> positions)
    {
        foreach (var dropped in samplers.Where((_, i) => !positions.Contains(i)))
        {
            dropped.Dispose();
        }

        samplers = [.. positions.Select(i => samplers[i])];
        if (orders is not null)
        {
            var kept = FusedTensor.Select(orders, positions);
            orders.Dispose();
            orders = kept;
        }
    }

    public void Dispose()
    {
        orders?.Dispose();
        foreach (var sampler in samplers)
        {
            sampler.Dispose();
        }
    }
}
