namespace BatchLab.Models;

/// <summary>
/// A parsed <c>mlp:</c> spec: hidden widths, whether each hidden linear layer is followed by ghost
/// batch norm, and the activation. No hidden widths is the <c>linear</c> model.
/// </summary>
public sealed record MlpSpec(IReadOnlyList<int> HiddenWidths, bool BatchNorm = false, Activation Activation = Activation.Relu)
{
    /// <summary>Keskar et al. 2017, network F1: 784→5×[512, BN, ReLU]→10.</summary>
    public static MlpSpec KeskarF1 { get; } = new([512, 512, 512, 512, 512], BatchNorm: true);

    public static MlpSpec Linear { get; } = new([]);

    /// <summary>Parses what follows <c>mlp:</c>, e.g. <c>512x256</c>, <c>512*5,bn</c>, <c>100,act=tanh</c>.</summary>
    /// <exception cref="FormatException">A part is malformed; the message names it.</exception>
    public static MlpSpec Parse(string arguments)
    {
        var parts = arguments.Split(',');
        if (parts[0].Length == 0)
        {
            throw new FormatException("no hidden widths given (a model without hidden layers is 'linear')");
        }

        var widths = new List<int>();
        foreach (var token in parts[0].Split('x'))
        {
            var repeat = token.Split('*');
            if (repeat.Length > 2 || !TryPositive(repeat[0], out var width) || width > 1 << 20)
            {
                throw new FormatException($"hidden width '{token}' is not a whole number from 1 to {1 << 20}");
            }

            var times = 1;
            if (repeat.Length == 2 && (!TryPositive(repeat[1], out times) || times > 1000))
            {
                throw new FormatException($"repeat count in '{token}' is not a whole number from 1 to 1000");
            }

            widths.AddRange(Enumerable.Repeat(width, times));
        }

        var spec = new MlpSpec(widths);
        foreach (var option in parts.Skip(1))
        {
            spec = option switch
            {
                "bn" => spec with { BatchNorm = true },
                _ when option.StartsWith("act=", StringComparison.Ordinal) && Activations.TryParse(option[4..], out var act)
                    => spec with { Activation = act },
                _ => throw new FormatException($"unknown option '{option}' (options: bn, act=relu|tanh|gelu|sigmoid)"),
            };
        }

        return spec;
    }

    static bool TryPositive(string text, out int value) =>
        int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out value)
        && value > 0;
}
