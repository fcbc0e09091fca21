using TorchSharp.Modules;
using static TorchSharp.torch;

namespace BatchLab.Diagnostics.Sharpness;

/// <summary>
/// A model's parameters seen as one flat vector θ, in the order of <c>parameters()</c>: the
/// space in which the sharpness measures move. Writing copies into the parameters' own storage,
/// so the model never aliases a caller's vector.
/// </summary>
sealed class ParameterVector(IReadOnlyList<Parameter> parameters)
{
    public long Dimension { get; } = parameters.Sum(p => p.numel());

    public ScalarType Dtype => parameters[0].dtype;

    /// <summary>A detached copy of the current parameters.</summary>
    public Tensor Get()
    {
        using var _ = no_grad();
        return cat([.. parameters.Select(p => p.detach().reshape(-1))], 0);
    }

    public void Set(Tensor flat)
    {
        Require(flat);
        using var _ = no_grad();
        long offset = 0;
        foreach (var p in parameters)
        {
            using var slice = flat.narrow(0, offset, p.numel()).view_as(p);
            p.copy_(slice);
            offset += p.numel();
        }
    }

    /// <summary>The vector's pieces shaped like each parameter (views, no copy).</summary>
    public Tensor[] Split(Tensor flat)
    {
        Require(flat);
        long offset = 0;
        var pieces = new Tensor[parameters.Count];
        for (var i = 0; i < pieces.Length; i++)
        {
            pieces[i] = flat.narrow(0, offset, parameters[i].numel()).view_as(parameters[i]);
            offset += parameters[i].numel();
        }

        return pieces;
    }

    /// <summary>
    /// Per-parameter derivatives from autograd.grad as one vector; a parameter the output did not
    /// depend on (an invalid tensor under allow_unused) contributes zeros.
    /// </summary>
    public Tensor Flatten(IList<Tensor> derivatives) =>
        cat([.. derivatives.Select((d, i) => d.IsInvalid ? zeros(parameters[i].numel(), Dtype, parameters[i].device) : d.reshape(-1))], 0);

    // An error inside libtorch's autograd aborts the process, so shapes are checked here first.
    void Require(Tensor flat)
    {
        if (flat.ndim != 1 || flat.shape[0] != Dimension)
        {
            throw new ArgumentException($"expected a vector of {Dimension} entries, got shape [{string.Join(", ", flat.shape)}]", nameof(flat));
        }
    }
}
