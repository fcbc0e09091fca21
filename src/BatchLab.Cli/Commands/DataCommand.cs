using System.CommandLine;
using System.Diagnostics;
using BatchLab.Data;
using BatchLab.Data.Fetching;

namespace BatchLab.Cli.Commands;

/// <summary>`batchlab data list | fetch NAME | info NAME`: which data sets exist, get them, describe them.</summary>
public static class DataCommand
{
    public static Command Create() => new("data", "List, fetch and describe data sets")
    {
        List(),
        Fetch(),
        Info(),
    };

    static Command List()
    {
        var command = new Command("list", "List the data sets, whether each is on this machine, and every form --data takes (own files included), with examples");
        command.SetAction(parse =>
        {
            var context = DataArguments.Context();
            var rows = DataCatalog.Listed.Select(s => s is IFetchedSource files
                ? new ListedDataset(s.Name, s.Summary, "fetched", files.PresentAt(context) is not null, files.PresentAt(context) ?? context.CachePath(s.Name))
                : new ListedDataset(s.Name.Split(':')[0], s.Summary, "generated", true, null)).ToList();
            if (parse.GetValue(CommonOptions.Json))
            {
                Output.Json(new DataList(context.CacheRoot, rows));
                return ExitCodes.Ok;
            }

            foreach (var r in rows)
            {
                var state = r.Kind == "generated" ? "generated" : r.Present ? "on disk" : "not fetched";
                Console.WriteLine($"{r.Name,-22} {state,-12} {r.Summary}");
            }

            Console.WriteLine($"cache: {context.CacheRoot} (set ${DataContext.CacheVariable} to move it)");
            Console.WriteLine();
            Console.WriteLine("Every form --data takes, with an example (options in docs/data.md):");
            foreach (var form in DataSourceForms.All)
            {
                Console.WriteLine($"  {form.Syntax}");
                Console.WriteLine($"      {form.What}; e.g. {form.Example}");
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    static Command Fetch()
    {
        var name = new Argument<string>("name") { Description = "Data set to fetch: mnist, fashion-mnist or brown" };
        var command = new Command("fetch", "Fetch a data set into the cache (if needed) and verify its checksums") { name };
        command.SetAction(parse =>
        {
            if (DataCatalog.Resolve(parse.GetValue(name)!) is not IFetchedSource source)
            {
                var generated = parse.GetValue(name)!.StartsWith("synthetic", StringComparison.OrdinalIgnoreCase);
                Output.Log($"{parse.GetValue(name)} is {(generated ? "generated from its seed" : "read from your files")} on load; nothing to fetch");
                return ExitCodes.Ok;
            }

            var set = source.FetchFiles(DataArguments.Context());
            var result = new FetchedDataset(set.Name, set.Source, set.Directory, set.Files.All(f => f.Verified), set.Files);
            if (parse.GetValue(CommonOptions.Json))
            {
                Output.Json(result);
            }
            else
            {
                Console.WriteLine($"{result.Name}: {result.Location}, from {result.Source}, checksums {(result.ChecksumsVerified ? "verified" : "not verified")}");
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    static Command Info()
    {
        var name = new Argument<string?>("name") { Description = "Data source, e.g. mnist or csv:table.csv (every form: `batchlab data list`)", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("info", "Load a data set and report counts, shapes, class balance and checksums") { name };
        DataArguments.AddTo(command);
        command.SetAction(parse =>
        {
            var source = DataArguments.Source(parse, parse.GetValue(name));
            var clock = Stopwatch.StartNew();
            using var data = source.Load(DataArguments.Options(parse), DataArguments.Context());
            var loadSeconds = clock.Elapsed.TotalSeconds;
            var summary = DatasetSummary.Of(data);
            Output.Log($"{data.Name}: loaded into memory in {loadSeconds:0.00} s");
            if (parse.GetValue(CommonOptions.Json))
            {
                Output.Json(summary);
            }
            else
            {
                DataInfoText.Write(summary);
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    public sealed record ListedDataset(string Name, string Summary, string Kind, bool Present, string? Location);

    public sealed record FetchedDataset(string Name, string Source, string Location, bool ChecksumsVerified, IReadOnlyList<FileCheck> Files);
}

/// <summary>`data list --json`: where fetched data sets live and every data set BatchLab knows.</summary>
public sealed record DataList(string Cache, IReadOnlyList<DataCommand.ListedDataset> Datasets);
