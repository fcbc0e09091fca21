using System.CommandLine;
using BatchLab.Reporting.Artifacts;

namespace BatchLab.Cli;

/// <summary>
/// How every measuring command hands back its result, the same way everywhere: with --out the
/// folder gets result.json, one CSV per table and each figure as PNG and SVG; with --json the
/// result goes to stdout as JSON; otherwise the command's text printer prints it for people.
/// The finding, when there is one, is part of the JSON (<c>finding</c>) and closes the text.
/// </summary>
public static class ResultPrinter
{
    public static void Emit<T>(ParseResult parse, T result, string? finding, string? outDir, string label, Action<T> printText)
    {
        var json = Output.Node(result, finding);
        if (outDir is not null)
        {
            ResultFiles.Write(json, ResultArtifacts.Any(result), outDir, label);
        }

        if (parse.GetValue(CommonOptions.Json))
        {
            Output.Json(json);
            return;
        }

        printText(result);
        if (finding is not null)
        {
            Console.WriteLine();
            Console.WriteLine(finding);
        }
    }
}
