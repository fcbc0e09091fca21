using System.Globalization;
using BatchLab.Models;

namespace BatchLab.Cli.Commands;

/// <summary>Human-readable tables for `batchlab models`.</summary>
static class ModelsText
{
    static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>One block per model, each line within 80 columns: the spec form, then its shape and size, then what it is.</summary>
    public static void Print(IReadOnlyList<ModelSummary> models)
    {
        foreach (var line in Wrap($"Spec grammar: {ModelCatalog.Grammar}", 80, "  "))
        {
            Console.WriteLine(line);
        }

        Console.WriteLine("('batchlab models SPEC' lists a model's layers)");
        foreach (var m in models)
        {
            Console.WriteLine();
            Console.WriteLine(m.Form);
            var count = m.Parameters is long n ? n.ToString("N0", Invariant) + " parameters" + (m.Example == m.Form ? "" : $" ({m.Example})") : "parameters: the file's";
            Console.WriteLine($"  input {ImageShape.Format(m.InputShape)}, {m.Outputs} outputs, {count}");
            foreach (var line in Wrap(m.Description, 80, "  ", "  "))
            {
                Console.WriteLine(line);
            }
        }
    }

    /// <summary><paramref name="text"/> cut at spaces into lines of at most <paramref name="width"/> characters (a longer word stays whole).</summary>
    public static IEnumerable<string> Wrap(string text, int width, string indent, string first = "")
    {
        var line = first;
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var start = line.Length == 0 || line == first || line == indent;
            if (!start && line.Length + 1 + word.Length > width)
            {
                yield return line;
                line = indent;
                start = true;
            }

            line += (start ? "" : " ") + word;
        }

        if (line.Trim().Length > 0)
        {
            yield return line;
        }
    }

    public static void Print(ModelLayout layout)
    {
        Console.WriteLine($"{layout.Spec} on {ImageShape.Format(layout.InputShape)} input, {layout.Outputs} outputs: {layout.Parameters.ToString("N0", Invariant)} parameters");
        var nameWidth = Math.Max(5, layout.Layers.Max(l => l.Name.Length));
        var typeWidth = Math.Max(4, layout.Layers.Max(l => l.Type.Length));
        Console.WriteLine($"{"LAYER".PadRight(nameWidth)}  {"TYPE".PadRight(typeWidth)}  {"PARAMETERS",12}");
        foreach (var l in layout.Layers)
        {
            Console.WriteLine($"{l.Name.PadRight(nameWidth)}  {l.Type.PadRight(typeWidth)}  {l.Parameters.ToString("N0", Invariant),12}");
        }
    }
}
