using System.Globalization;

namespace BatchLab.Models.Transformer;

/// <summary>
/// A parsed <c>transformer:</c> spec, e.g. <c>transformer:layers=4,dim=128,heads=4,context=64</c>:
/// blocks, embedding width, attention heads (dim must divide by heads), the context length in
/// tokens (one sample of text data is a window of this many tokens), and <c>tied</c> to share the
/// token embedding with the output layer. Omitted keys take the values of that example.
/// </summary>
public sealed record TransformerSpec(int Layers = 4, int Dim = 128, int Heads = 4, int Context = 64, bool Tied = false)
{
    public const string Kind = "transformer";

    public const string Form = "transformer:layers=L,dim=D,heads=H,context=T[,tied]";

    public const string Example = "transformer:layers=4,dim=128,heads=4,context=64";

    /// <exception cref="FormatException">A part is malformed; the message names it.</exception>
    public static TransformerSpec Parse(string arguments)
    {
        var spec = new TransformerSpec();
        var seen = new HashSet<string>();
        foreach (var part in arguments.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var kv = part.Split('=', 2, StringSplitOptions.TrimEntries);
            if (!seen.Add(kv[0]))
            {
                throw new FormatException($"'{kv[0]}' is given twice");
            }

            spec = (kv[0], kv.Length) switch
            {
                ("tied", 1) => spec with { Tied = true },
                ("layers", 2) => spec with { Layers = Whole(kv, 1, 1000) },
                ("dim", 2) => spec with { Dim = Whole(kv, 1, 1 << 16) },
                ("heads", 2) => spec with { Heads = Whole(kv, 1, 1024) },
                ("context", 2) => spec with { Context = Whole(kv, 1, 1 << 20) },
                _ => throw new FormatException($"unknown option '{part}' (options: layers=, dim=, heads=, context=, tied)"),
            };
        }

        return spec.Dim % spec.Heads == 0
            ? spec
            : throw new FormatException($"dim={spec.Dim} does not divide into heads={spec.Heads} heads of equal width");
    }

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Kind}:layers={Layers},dim={Dim},heads={Heads},context={Context}{(Tied ? ",tied" : "")}");

    static int Whole(string[] kv, int min, int max) =>
        int.TryParse(kv[1], NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw new FormatException($"{kv[0]}={kv[1]} is not a whole number from {min} to {max}");
}
