using System.Globalization;
using BatchLab.Models;

namespace BatchLab.Cli.Commands;

/// <summary>Human-readable tables for `batchlab models`.</summary>
static class ModelsText
{
    static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static void Print(IReadOnlyList<ModelSummary> models)
    {
        Console.WriteLine($"Spec grammar: {ModelCatalog.Grammar}");
        Console.WriteLine("(see 'batchlab models --help'; 'batchlab models SPEC' lists a model's layers)");
        Console.WriteLine();
        var formWidth = models.Max(m => m.Form.Length);
        Console.WriteLine($"{"SPEC".PadRight(formWidth)}  {"INPUT",-9}  {"OUT",4}  {"PARAMETERS",-20}  DESCRIPTION");
        foreach (var m in models)
        {
            var count = m.Parameters is long n ? n.ToString("N0", Invariant) + (m.Example == m.Form ? "" : $" ({m.Example})") : "(the file's)";
            Console.WriteLine($"{m.Form.PadRight(formWidth)}  {ImageShape.Format(m.InputShape),-9}  {m.Outputs,4}  {count,-20}  {m.Description}");
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
