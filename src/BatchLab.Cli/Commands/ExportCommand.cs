using System.CommandLine;
using System.Text.Json;
using BatchLab.IO;
using BatchLab.Reporting;
using BatchLab.Sweeps.Results;

namespace BatchLab.Cli.Commands;

/// <summary>
/// `batchlab export`: a study's trials with their grid point, state and final/best metrics, as
/// CSV (one row per trial) or JSON; --curves adds the per-update metrics (CSV: a second, long
/// table beside the first).
/// </summary>
public static class ExportCommand
{
    static readonly Option<string?> Study = new("--study") { Description = "The study to export (default: the store's only study)" };
    static readonly Option<string?> Format = new("--format") { Description = "csv or json (default csv; --json means json)" };
    static readonly Option<string?> Out = new Option<string?>("--out") { Description = "Write to this file instead of stdout (CSV curves go beside it as NAME.curves.csv)" }.WritableFile();
    static readonly Option<bool> Curves = new("--curves") { Description = "Add the per-update metrics (loss, lr, and every evaluation's values); long format in CSV" };
    static readonly Option<string?> TensorBoard = new Option<string?>("--tensorboard") { Description = "Also write the study as a TensorBoard log folder: one run per trial with its curves and HParams (tensorboard --logdir DIR)" }.WritableFolder();

    public static Command Create()
    {
        var command = new Command("export", "Export a study's trials: parameters, state, final and best metrics (and with --curves the per-update metrics) as CSV or JSON")
        {
            Study, StoreArguments.Store, Format, Out, Curves, TensorBoard,
        };
        command.SetAction(Run);
        return command;
    }

    static int Run(ParseResult parse)
    {
        var json = parse.GetValue(CommonOptions.Json);
        var format = parse.GetValue(Format)?.Trim().ToLowerInvariant() ?? (json ? "json" : "csv");
        if (format is not ("csv" or "json"))
        {
            throw new BatchLabException($"--format '{format}' is not csv or json");
        }

        if (json && format != "json")
        {
            throw new BatchLabException("--json prints the export as JSON; drop --format csv (or --json)");
        }

        var curves = parse.GetValue(Curves);
        var path = parse.GetValue(Out);
        if (format == "csv" && curves && path is null)
        {
            throw new BatchLabException("CSV with --curves is two tables (trials, and curves in long format): give --out FILE, and the curves go to FILE's name + .curves.csv");
        }

        using var store = StoreArguments.Open(parse, create: false);
        var tensorboard = parse.GetValue(TensorBoard);
        var export = StudyExport.Of(store, StoreArguments.StudyName(store, parse.GetValue(Study)), curves || tensorboard is not null);
        if (tensorboard is not null)
        {
            var runs = TensorBoardExport.Write(export, tensorboard);
            Output.Log($"wrote {runs.Count} TensorBoard runs (curves and HParams) to {tensorboard}: tensorboard --logdir {tensorboard}");
            if (!curves)
            {
                export = export with { Trials = [.. export.Trials.Select(t => t with { Curves = null })] };
            }
        }

        if (format == "json")
        {
            Write(path, JsonSerializer.Serialize(export, Output.JsonOptions) + "\n");
        }
        else
        {
            Write(path, CsvFormat.Write(export.TrialTable()));
            if (curves)
            {
                Write(Path.ChangeExtension(path!, null) + ".curves.csv", CsvFormat.Write(export.CurveTable()));
            }
        }

        if (path is not null)
        {
            Output.Log($"exported {export.Trials.Count} trials of study {export.Study} to {path}");
        }

        return ExitCodes.Ok;
    }

    static void Write(string? path, string text)
    {
        if (path is null)
        {
            Console.Out.Write(text);
        }
        else
        {
            AtomicFile.Write(path, text);
        }
    }
}
