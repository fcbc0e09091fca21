namespace BatchLab.Models;

/// <summary>
/// The C×H×W sample shape a convolutional model needs, checked when the model is built so that a
/// data set of the wrong kind gets one clear line instead of a shape error deep inside libtorch.
/// </summary>
public readonly record struct ImageShape(long Channels, long Height, long Width)
{
    public override string ToString() => $"{Channels}×{Height}×{Width}";

    /// <summary>Formats any sample shape as people write it: 1×28×28, 20.</summary>
    public static string Format(IEnumerable<long> shape) => string.Join("×", shape);

    /// <param name="model">The model name, for the message.</param>
    /// <param name="minSide">Smallest height and width the layers can reduce without reaching zero.</param>
    public static ImageShape Require(string model, ModelInput input, long minSide)
    {
        var shape = input.SampleShape;
        if (shape.Length != 3)
        {
            throw new BatchLabException(
                $"model '{model}' needs image samples C×H×W, but the data has samples of shape {Format(shape)}; use linear or mlp:W1xW2... for such data");
        }

        if (shape[0] < 1 || shape[1] < minSide || shape[2] < minSide)
        {
            throw new BatchLabException(
                $"model '{model}' needs images of at least {minSide}×{minSide} pixels, but the data has samples of shape {Format(shape)}");
        }

        return new ImageShape(shape[0], shape[1], shape[2]);
    }
}
