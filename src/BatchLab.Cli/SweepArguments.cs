using System.CommandLine;
using BatchLab.Runs;
using BatchLab.Sweeps.Specs;

namespace BatchLab.Cli;

/// <summary>
/// What `batchlab sweep` runs: the base run (every option of `train` but those the grid
/// replaces), the grid options, or a --spec file holding both.
/// </summary>
public static class SweepArguments
{
    public static readonly Option<string?> Name = new("--name") { Description = "Study name; rerun the same command to resume the study" };
    public static readonly Option<string?> SpecFile = new("--spec") { Description = "Sweep spec JSON file (base run and grid, see README) instead of the run and grid options" };

    static readonly Option<string> Data = new("--data") { Description = DataSourceForms.Help, DefaultValueFactory = _ => "mnist" };

    static readonly Option<string?> Batch = new("--batch") { Description = GridHelp };
    static readonly Option<string?> Lr = new("--lr") { Description = "η per update, in grid syntax: 0.05,0.1 or 2^-6..2^-1 (default 0.1)" };
    static readonly Option<string?> BaseLr = new("--base-lr") { Description = "η̃ per sample (η = B·η̃, Masters & Luschi), in grid syntax: 2^-12..2^0:2" };
    static readonly Option<string?> Momentum = new("--momentum") { Description = "SGD momentum μ, in grid syntax: 0,0.9" };
    static readonly Option<string?> Seeds = new("--seeds") { Description = "Seeds: N = seeds 0..N-1, or a list in grid syntax (3,7,11); replaces --seed" };

    // The grid options' syntax, shown once under --batch (the command's own description also
    // appears in the root command list, so it stays one line).
    const string GridHelp = """
        B values (samples per update; full = the whole training set; adaptive:… a policy changing B, as
        train --batch; decay:b=32,factor=2,drops=0.5/0.75 B fixed with η ÷ factor at each drop, the
        decaying twin of adaptive:policy=schedule). Grid syntax, for every grid option:
          1,2,4,full          a comma list
          2^-12..2^0          every power of two from 2^-12 to 2^0; 2^-12..2^0:2 every second one
          1,2,4,...,1024      the progression the first terms start (constant ratio; two terms:
                              constant difference, so 1,2,...,10 is 1 to 10), through the last term
          1,2,4,...,1024,full items mix
        The grid is the product of --batch, --lr or --base-lr, --momentum and --seeds.
        """;

    static Option[] Grid => [Batch, Lr, BaseLr, Momentum, Seeds];

    /// <summary>The base run's options: every training option but those the grid replaces.</summary>
    static Option[] BaseRun =>
    [
        Data, DataArguments.DataDir, DataArguments.Validation, DataArguments.TrainSubset, DataArguments.TestSubset,
        .. TrainArguments.All.Except([TrainArguments.Batch, TrainArguments.Lr, TrainArguments.BaseLr, TrainArguments.Momentum]),
    ];

    public static void AddTo(Command command)
    {
        foreach (var option in Grid.Concat(BaseRun))
        {
            command.Options.Add(option);
        }
    }

    /// <summary>The study name and sweep spec from --spec FILE, or from the run and grid options.</summary>
    public static (string Name, SweepSpec Spec) Spec(ParseResult parse)
    {
        if (parse.GetValue(SpecFile) is { } path)
        {
            if (Grid.Concat(BaseRun).FirstOrDefault(o => parse.GetResult(o) is { Implicit: false }) is { } given)
            {
                throw new BatchLabException($"--spec {path} defines the run and the grid; drop {given.Name}, or edit the file");
            }

            var text = File.Exists(path) ? File.ReadAllText(path) : throw new BatchLabException($"--spec: no file '{path}'");
            var (fileName, fileSpec) = SweepSpecJson.Read(text, path);
            return (parse.GetValue(Name) ?? fileName ?? throw new BatchLabException($"name the study with --name or \"name\" in {path}"), fileSpec);
        }

        var name = parse.GetValue(Name) ?? throw new BatchLabException("name the study with --name NAME (rerun with the same name to resume it)");
        var run = new RunSpec(DataArguments.Name(parse, Data), DataArguments.Options(parse), parse.GetValue(TrainArguments.Model)!, TrainArguments.Options(parse));
        var axes = new List<GridAxis>();
        void Add(Option<string?> option, string axis)
        {
            if (parse.GetValue(option) is { } text)
            {
                axes.Add(axis == GridAxes.Seed.Name ? GridAxis.Seeds(text, option.Name) : GridAxis.Parse(axis, text, option.Name));
            }
        }

        Add(Batch, GridAxes.Batch.Name);
        Add(Lr, GridAxes.Lr.Name);
        Add(BaseLr, GridAxes.BaseLr.Name);
        Add(Momentum, GridAxes.Momentum.Name);
        Add(Seeds, GridAxes.Seed.Name);
        return (name, new SweepSpec(run, axes));
    }
}
