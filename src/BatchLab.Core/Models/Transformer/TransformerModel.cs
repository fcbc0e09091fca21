using static TorchSharp.torch;

namespace BatchLab.Models.Transformer;

/// <summary>Builds the zoo's <c>transformer:</c> model for a data set's input: token windows of at most its context.</summary>
public static class TransformerModel
{
    /// <summary>Byte-level text: what the zoo lists the model's size for (256 tokens, windows of 64).</summary>
    public static ModelInput Bytes(int context = 64) => new([context], 256);

    public static nn.Module<Tensor, Tensor> Build(string arguments, ModelInput input, Device? device)
    {
        var spec = TransformerSpec.Parse(arguments);
        if (input.SampleShape.Length != 1)
        {
            throw new BatchLabException($"{spec} reads sequences of tokens, not samples shaped [{string.Join(", ", input.SampleShape)}]; give it text data (brown, text:FILE)");
        }

        return input.SampleShape[0] > spec.Context
            ? throw new BatchLabException($"{spec}: samples of {input.SampleShape[0]} tokens are longer than its context of {spec.Context}")
            : new DecoderTransformer(spec, input.Outputs, device);
    }
}
