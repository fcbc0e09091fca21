using static TorchSharp.torch;

namespace BatchLab.Training.Fused;

/// <summary>
/// One number per member (a learning rate, a momentum, a bias correction) as a [K] tensor in the
/// training dtype, viewed as [K, 1, …, 1] to broadcast against any fused tensor. New values are
/// written in place, so the views stay valid; writing costs one small host-to-tensor copy.
/// </summary>
internal sealed class PerMember : IDisposable
{
    readonly Dictionary<long, Tensor> views = [];
    Tensor values;
    double[] current;

    public PerMember(IEnumerable<double> values, ScalarType dtype, Device device)
    {
        current = [.. values];
        this.values = Upload(current, dtype, device);
    }

    /// <summary>The values as the host last wrote them.</summary>
    public IReadOnlyList<double> Values => current;

    /// <summary>False when every member's value is 0 (the term can be skipped for all).</summary>
    public bool AnyNonZero => current.Any(v => v != 0);

    /// <summary>The values viewed to broadcast against <paramref name="fused"/> [K, ...].</summary>
    public Tensor For(Tensor fused)
    {
        var rank = fused.dim();
        if (!views.TryGetValue(rank, out var view))
        {
            var shape = new long[rank];
            Array.Fill(shape, 1L);
            shape[0] = current.Length;
            views[rank] = view = values.view(shape).DetachFromDisposeScope();
        }

        return view;
    }

    public void Set(IReadOnlyList<double> next)
    {
        if (next.SequenceEqual(current))
        {
            return;
        }

        current = [.. next];
        using var host = tensor(current, dtype: ScalarType.Float64);
        values.copy_(host);
    }

    /// <summary>Keeps the members at <paramref name="positions"/>.</summary>
    public void Keep(IReadOnlyList<int> positions)
    {
        var kept = positions.Select(i => current[i]).ToArray();
        var replacement = Upload(kept, values.dtype, values.device);
        Dispose();
        values = replacement;
        current = kept;
    }

    static Tensor Upload(double[] host, ScalarType dtype, Device device)
    {
        using var scope = NewDisposeScope();
        return tensor(host, dtype: ScalarType.Float64).to(dtype, device).clone().DetachFromDisposeScope();
    }

    public void Dispose()
    {
        foreach (var view in views.Values)
        {
            view.Dispose();
        }

        views.Clear();
        values.Dispose();
    }
}
