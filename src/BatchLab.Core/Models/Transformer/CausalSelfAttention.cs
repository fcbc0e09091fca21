using static TorchSharp.torch;

namespace BatchLab.Models.Transformer;

/// <summary>
/// Multi-head causal self-attention as nanoGPT's <c>CausalSelfAttention</c>: one linear layer makes
/// queries, keys and values for every head (<c>c_attn</c>), each position attends to itself and the
/// positions before it, and <c>c_proj</c> mixes the heads. Costs T² × dim multiply-adds per sequence
/// and an attention matrix of T² per head (activations grow with context², weights do not).
/// </summary>
public sealed class CausalSelfAttention : nn.Module<Tensor, Tensor>
{
    readonly nn.Module<Tensor, Tensor> c_attn;
    readonly nn.Module<Tensor, Tensor> c_proj;
    readonly int heads;

    public CausalSelfAttention(int dim, int heads, Device? device) : base(nameof(CausalSelfAttention))
    {
        this.heads = heads;
        c_attn = nn.Linear(dim, 3 * dim, device: device);
        c_proj = nn.Linear(dim, dim, device: device);
        RegisterComponents();
    }

    /// <summary>The output projection, which nanoGPT initialises with a smaller deviation.</summary>
    internal nn.Module<Tensor, Tensor> Projection => c_proj;

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var (b, t, c) = (x.shape[0], x.shape[1], x.shape[2]);
        var qkv = c_attn.call(x).split(c, dim: 2);
        // [B, T, C] → [B, heads, T, C / heads]
        var (q, k, v) = (Heads(qkv[0], b, t, c), Heads(qkv[1], b, t, c), Heads(qkv[2], b, t, c));
        // TorchSharp 0.107 spells PyTorch's is_causal "is_casual".
        var y = nn.functional.scaled_dot_product_attention(q, k, v, is_casual: true);
        return c_proj.call(y.transpose(1, 2).contiguous().view(b, t, c)).MoveToOuterDisposeScope();
    }

    Tensor Heads(Tensor x, long b, long t, long c) => x.view(b, t, heads, c / heads).transpose(1, 2);
}
