using BatchLab.Runtime;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace BatchLab.Models.Transformer;

/// <summary>
/// A decoder-only transformer written to read like nanoGPT's <c>GPT</c>: token embedding
/// <c>wte</c> plus learned position embedding <c>wpe</c>, blocks <c>h.0</c> … (pre-LayerNorm, causal
/// self-attention, GELU MLP), final LayerNorm <c>ln_f</c> and the output layer <c>lm_head</c> (no
/// bias; with <c>tied</c> it is <c>wte</c>'s weight, as GPT-2). Input [B, T] int64 token ids with
/// T ≤ context; output [B, T, vocabulary] logits for the next token at every position.
/// Initialised as nanoGPT: every linear and embedding weight from N(0, 0.02²), biases 0, the two
/// projections into the residual stream from N(0, (0.02/√(2·layers))²), drawn from torch's
/// global generator (the run seed fixes them).
/// </summary>
public sealed class DecoderTransformer : nn.Module<Tensor, Tensor>
{
    readonly Embedding wte;
    readonly Embedding wpe;
    readonly ModuleList<TransformerBlock> h;
    readonly nn.Module<Tensor, Tensor> ln_f;
    readonly Linear? lm_head;

    public DecoderTransformer(TransformerSpec spec, int vocabulary, Device? device) : base("Transformer")
    {
        Spec = spec;
        wte = nn.Embedding(vocabulary, spec.Dim, device: device);
        wpe = nn.Embedding(spec.Context, spec.Dim, device: device);
        h = nn.ModuleList([.. Enumerable.Range(0, spec.Layers).Select(_ => new TransformerBlock(spec.Dim, spec.Heads, device))]);
        ln_f = nn.LayerNorm(spec.Dim, device: device);
        lm_head = spec.Tied ? null : nn.Linear(spec.Dim, vocabulary, hasBias: false, device: device);
        RegisterComponents();
        Initialise(spec.Layers);
    }

    public TransformerSpec Spec { get; }

    public override Tensor forward(Tensor idx)
    {
        var t = idx.shape[1];
        if (t > Spec.Context)
        {
            throw new BatchLabException($"a sequence of {t} tokens is longer than the model's context of {Spec.Context}");
        }

        using var scope = NewDisposeScope();
        var pos = ScalarOps.Arange(t, dtype: ScalarType.Int64, device: idx.device);
        var x = wte.call(idx).Add(wpe.call(pos));
        foreach (var block in h)
        {
            x = block.call(x);
        }

        x = ln_f.call(x);
        var logits = lm_head is null ? x.matmul(wte.weight!.t()) : lm_head.call(x);
        return logits.MoveToOuterDisposeScope();
    }

    void Initialise(int layers)
    {
        using var _ = no_grad();
        foreach (var (_, module) in named_modules())
        {
            switch (module)
            {
                case Linear linear:
                    nn.init.normal_(linear.weight, 0, 0.02);
                    if (linear.bias is { } bias)
                    {
                        nn.init.zeros_(bias);
                    }

                    break;
                case Embedding embedding:
                    nn.init.normal_(embedding.weight, 0, 0.02);
                    break;
            }
        }

        foreach (var projection in h.SelectMany(b => b.ResidualProjections).Cast<Linear>())
        {
            nn.init.normal_(projection.weight, 0, 0.02 / Math.Sqrt(2.0 * layers));
        }
    }
}
