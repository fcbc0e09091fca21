using System.CommandLine;
using System.Diagnostics;
using BatchLab.Reporting;
using BatchLab.Reporting.Sections;
using BatchLab.Studies;
using BatchLab.Studies.Analysis;
using BatchLab.Sweeps;

namespace BatchLab.Cli.Commands;

/// <summary>
/// `batchlab report --study NAME`: the study report of any stored sweep — one run by `batchlab
/// sweep`, a custom grid, or workers on a Slurm array or Kubernetes — after the fact, from the
/// trials in the store. Diagnostics are measured here only when asked (--diagnostics quick).
/// </summary>
public static class ReportCommand
{
    static readonly Option<string?> Study = new("--study") { Description = "The stored study to report on (default: the only one in the store)" };
    static readonly Option<string?> Out = new Option<string?>("--out") { Description = "Report folder (default reports/NAME)" }.WritableFolder();
    static readonly Option<string> Diagnostics = new("--diagnostics") { Description = "Diagnostics to measure here beside the sweep's results: none, smoke or quick (needs the data and model on this machine)", DefaultValueFactory = _ => "none" };

    public static Command Create()
    {
        var command = new Command("report", "Write the study report (report.html, .md, .json) of any stored sweep, e.g. one a cluster ran")
        {
            Study, StoreArguments.Store, Out, Diagnostics,
        };
        command.SetAction(Run);
        return command;
    }

    static int Run(ParseResult parse)
    {
        var clock = Stopwatch.StartNew();
        var diagnostics = parse.GetValue(Diagnostics)!;
        var chosen = CustomStudy.Diagnostics(diagnostics);
        using var store = StoreArguments.Open(parse, create: false);
        var name = StoreArguments.StudyName(store, parse.GetValue(Study));
        var outDir = parse.GetValue(Out) ?? Path.Combine("reports", StudyName.Check(name)); // before any measuring
        var analysis = StudyRunner.Analyse(name, store, diagnostics.Trim().Equals("none", StringComparison.OrdinalIgnoreCase) ? null : chosen, new StudyRunOptions
        {
            Data = DataArguments.Context(),
            MemoryProbe = MemoryProbeProcess.Measure,
            Log = Output.Log,
            Detail = StageLog.For(parse).Write,
        });
        var metadata = ReportMetadataOf.Run(analysis.Preset.Name, clock.Elapsed.TotalSeconds);
        var files = ReportWriter.Write(StudyReport.Build(analysis, metadata), outDir);
        var result = new ReportResult(name, store.Location, Path.GetFullPath(files.Html), Path.GetFullPath(files.Markdown), Path.GetFullPath(files.Json), analysis.Trials.Count, analysis.Recommendation);
        if (parse.GetValue(CommonOptions.Json))
        {
            Output.Json(result);
        }
        else
        {
            Console.WriteLine($"study {name}: {result.Trials} finished trials; recommendation: B = {result.Recommendation.Batch}, M = {result.Recommendation.MicroBatch}");
            Console.WriteLine($"report: {result.Report}");
        }

        return ExitCodes.Ok;
    }
}

/// <summary>`report --json`: where the report is, how many trials it covers, and the recommendation.</summary>
public sealed record ReportResult(string Study, string Store, string Report, string Markdown, string Results, int Trials, Recommendation Recommendation);
