using System.CommandLine;
using BatchLab.Data;

namespace BatchLab.Cli;

/// <summary>Options that choose and slice a data set; shared by every command that loads one.</summary>
public static class DataArguments
{
    public static readonly Option<string?> DataDir = new("--data-dir")
    {
        Description = "Read MNIST-style IDX files (train-images-idx3-ubyte[.gz], train-labels-idx1-ubyte, t10k-...) from this folder",
    };

    public static readonly Option<int?> Validation = new Option<int?>("--val")
    {
        Description = "Validation samples carved from the training set (default: 5000 for MNIST-like sets, 10% for synthetic)",
    }.AtLeast(0, "samples carved from the training set");

    public static readonly Option<int?> TrainSubset = new Option<int?>("--train-subset")
    {
        Description = "Keep only the first N training samples after carving validation (for fast checks)",
    }.AtLeast(1, "training samples kept");

    public static readonly Option<int?> TestSubset = new("--test-subset")
    {
        Description = "Keep only the first N test samples (for fast checks)",
    };

    public static void AddTo(Command command)
    {
        foreach (var option in new Option[] { DataDir, Validation, TrainSubset, TestSubset })
        {
            command.Options.Add(option);
        }
    }

    public static DataOptions Options(ParseResult parse) => new()
    {
        Validation = parse.GetValue(Validation),
        TrainSubset = parse.GetValue(TrainSubset),
        TestSubset = parse.GetValue(TestSubset),
    };

    /// <summary>
    /// The data set a command trains or measures on: <c>dir:FULL_PATH</c> with --data-dir (a
    /// name that every later step — run spec, trial, checkpoint fingerprint, report — carries),
    /// else the value of <paramref name="data"/>. Giving both is refused rather than one winning.
    /// </summary>
    public static string Name(ParseResult parse, Option<string> data)
    {
        if (parse.GetValue(DataDir) is not { } dir)
        {
            return parse.GetValue(data)!;
        }

        return parse.GetResult(data) is { Implicit: false }
            ? throw new BatchLabException($"give either {data.Name} or --data-dir, not both")
            : "dir:" + Path.GetFullPath(dir);
    }

    /// <summary>The source named by <paramref name="name"/> or by --data-dir (exactly one of them).</summary>
    public static IDataSource Source(ParseResult parse, string? name) => (name, parse.GetValue(DataDir)) switch
    {
        (null, null) => throw new BatchLabException($"name a data set ({DataCatalog.ValidForms}) or pass --data-dir DIR"),
        ({ } n, null) => DataCatalog.Resolve(n),
        (null, { } dir) => DataCatalog.Resolve("dir:" + dir),
        _ => throw new BatchLabException("give either a data set name or --data-dir, not both"),
    };

    /// <summary>The default cache, with fetch messages on stderr.</summary>
    public static DataContext Context() => DataContext.Default(Output.Log);
}
