using BatchLab.Runtime;
using static TorchSharp.torch;

namespace BatchLab.Models.Transformer;

/// <summary>
/// One pre-LayerNorm block as nanoGPT's <c>Block</c>: x + attn(ln_1(x)), then x + mlp(ln_2(x)), the
/// MLP being c_fc (4 × dim), GELU (exact, erf), c_proj. No dropout: runs stay deterministic and
/// comparable with PyTorch update by update.
/// </summary>
public sealed class TransformerBlock : nn.Module<Tensor, Tensor>
{
    readonly nn.Module<Tensor, Tensor> ln_1;
    readonly CausalSelfAttention attn;
    readonly nn.Module<Tensor, Tensor> ln_2;
    readonly nn.Module<Tensor, Tensor> c_fc;
    readonly nn.Module<Tensor, Tensor> c_proj;

    public TransformerBlock(int dim, int heads, Device? device) : base(nameof(TransformerBlock))
    {
        ln_1 = nn.LayerNorm(dim, device: device);
        attn = new CausalSelfAttention(dim, heads, device);
        ln_2 = nn.LayerNorm(dim, device: device);
        c_fc = nn.Linear(dim, 4 * dim, device: device);
        c_proj = nn.Linear(4 * dim, dim, device: device);
        RegisterComponents();
    }

    /// <summary>The two layers that write into the residual stream (nanoGPT scales their initial weights by 1/√(2·layers)).</summary>
    internal IEnumerable<nn.Module<Tensor, Tensor>> ResidualProjections => [attn.Projection, c_proj];

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var h = x.Add(attn.call(ln_1.call(x)));
        var m = c_proj.call(nn.functional.gelu(c_fc.call(ln_2.call(h))));
        return h.Add(m).MoveToOuterDisposeScope();
    }
}
