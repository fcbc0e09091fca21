using System.CommandLine;
using System.Globalization;
using BatchLab.Data;
using BatchLab.Diagnostics.Sharpness;
using BatchLab.Models;
using BatchLab.Runs;
using BatchLab.Studies.Findings;
using BatchLab.Training;
using BatchLab.Training.Checkpoints;
using static TorchSharp.torch;

namespace BatchLab.Cli.Commands;

/// <summary>
/// `batchlab diagnose sharpness`: Hessian spectrum, Keskar's ε-sharpness and the loss along the
/// line to a second solution, at weights from a training run or a safetensors file. A run folder
/// also supplies its data set, model and dtype (spec.json) unless they are given.
/// </summary>
public static class DiagnoseSharpnessCommand
{
    static readonly Option<string?> CheckpointPath = new("--checkpoint") { Description = "Weights to study: a run folder (train --out), its checkpoints/ folder or a ckpt-*.bin file" };
    static readonly Option<string?> Init = new("--init") { Description = "Weights to study from a safetensors file (give --model and --data)" };
    static readonly Option<string?> LineTo = new("--line-to") { Description = "A second solution (same forms): also plot loss and error along the line through both" };
    static readonly Option<string?> Data = new("--data") { Description = DataSourceForms.Help + "; default: the run's, else mnist" };
    static readonly Option<string?> Model = new("--model") { Description = "Model spec (default: the run's)" };
    static readonly Option<string?> Dtype = new("--dtype") { Description = "float32 or float64 (default: the run's, else float32)" };
    static readonly Option<long?> Samples = new("--samples") { Description = "Training samples the loss averages over: the first N (default: the whole training split)" };
    static readonly Option<int> Eigenvalues = new("--eigenvalues") { Description = "Top Hessian eigenvalues to report (0: skip Lanczos)", DefaultValueFactory = _ => 5 };
    static readonly Option<int> LanczosSteps = new("--lanczos-steps") { Description = "Lanczos steps (Hessian-vector products)", DefaultValueFactory = _ => 20 };
    static readonly Option<int> PowerIterations = new("--power-iterations") { Description = "Most power iterations for an independent top eigenvalue (0: skip)", DefaultValueFactory = _ => 20 };
    static readonly Option<string> Epsilons = new("--epsilons") { Description = "ε values of the ε-sharpness, comma-separated", DefaultValueFactory = _ => "1e-3,5e-4" };
    static readonly Option<int> Subspace = new("--subspace") { Description = "Dimension p of the random subspace (0: skip)", DefaultValueFactory = _ => 100 };
    static readonly Option<int> Iterations = new("--iterations") { Description = "Quasi-Newton iterations of each ε-sharpness search (Keskar et al.: 10)", DefaultValueFactory = _ => 10 };
    static readonly Option<int> AlphaPoints = new("--alpha-points") { Description = "Points on the line, α from -1 to 2", DefaultValueFactory = _ => 31 };
    static readonly Option<long> Seed = new("--seed") { Description = "Seed of the random starts and of the subspace", DefaultValueFactory = _ => 0 };
    static readonly Option<int?> Threads = new Option<int?>("--threads") { Description = "Torch intra-op threads (default: all cores)" }.ThreadCount();
    static readonly Option<string?> Out = new Option<string?>("--out") { Description = "Write result.json, CSV tables and figures (PNG, SVG) into this folder" }.WritableFolder();

    public static Command Create()
    {
        var command = new Command("sharpness", "Top Hessian eigenvalues, Keskar's ε-sharpness (full space and random subspace) and the loss along the line between two solutions")
        {
            CheckpointPath, Init, LineTo, Data, Model, Dtype, Samples, Eigenvalues, LanczosSteps, PowerIterations,
            Epsilons, Subspace, Iterations, AlphaPoints, Seed, Threads, Out,
        };
        DataArguments.AddTo(command);
        command.SetAction(Run);
        return command;
    }

    static int Run(ParseResult parse)
    {
        var weights = (parse.GetValue(CheckpointPath), parse.GetValue(Init)) switch
        {
            ({ } c, null) => c,
            (null, { } i) => i,
            _ => throw new BatchLabException("give the weights to study with exactly one of --checkpoint RUN_OR_FILE and --init FILE.safetensors"),
        };
        var run = FindRunSpec(weights);
        var modelSpec = parse.GetValue(Model) ?? run?.Model
            ?? throw new BatchLabException($"'{weights}' carries no run spec: give --model (and --data)");
        var dtype = parse.GetValue(Dtype) is { } d ? PrecisionExtensions.Parse(d) : run?.Train.Precision ?? Precision.Float32;
        var options = new SharpnessOptions
        {
            Samples = parse.GetValue(Samples),
            Eigenvalues = parse.GetValue(Eigenvalues),
            LanczosSteps = parse.GetValue(LanczosSteps),
            PowerIterations = parse.GetValue(PowerIterations),
            Epsilons = ParseNumbers(parse.GetValue(Epsilons)!),
            SubspaceDimension = parse.GetValue(Subspace),
            Iterations = parse.GetValue(Iterations),
            Alphas = LineInterpolation.Alphas(-1, 2, parse.GetValue(AlphaPoints)),
            Seed = parse.GetValue(Seed),
        };
        options.Validate();
        BatchLab.Runtime.TorchThreads.Set(parse.GetValue(Threads));

        using var loaded = DataSet(parse, run);
        using var data = dtype == Precision.Float64 ? loaded.ToDtype(ScalarType.Float64) : null;
        var dataset = data ?? loaded;
        using var model = ModelZoo.Create(modelSpec, dataset, dtype.ToScalarType());
        var label = SavedWeights.Load(model, weights);
        OtherSolution? other = null;
        using var otherModel = parse.GetValue(LineTo) is { } path ? ModelZoo.Create(modelSpec, dataset, dtype.ToScalarType()) : null;
        if (otherModel is not null)
        {
            other = new OtherSolution(SavedWeights.Load(otherModel, parse.GetValue(LineTo)!), otherModel.state_dict());
        }

        var result = SharpnessDiagnostic.Run(model, dataset, modelSpec, label, options, other, Output.Log);
        ResultPrinter.Emit(parse, result, ResultFindings.Of(result), parse.GetValue(Out), "diagnose sharpness", SharpnessText.Print);

        return ExitCodes.Ok;
    }

    // --data, --data-dir and the data options on the command line win; otherwise the run's own.
    static Dataset DataSet(ParseResult parse, RunSpec? run)
    {
        var given = DataArguments.Options(parse);
        var options = run is not null && given == DataOptions.Default ? run.DataOptions : given;
        var name = parse.GetValue(Data) ?? (parse.GetValue(DataArguments.DataDir) is null ? run?.Data ?? "mnist" : null);
        return DataArguments.Source(parse, name).Load(options, DataArguments.Context());
    }

    /// <summary>The spec.json of the run a weights path belongs to (the folder, its checkpoints/, or a file in it).</summary>
    static RunSpec? FindRunSpec(string path)
    {
        var full = Path.GetFullPath(path);
        var parent = Path.GetDirectoryName(full);
        var spec = new[] { full, parent, parent is null ? null : Path.GetDirectoryName(parent) }
            .Where(c => c is not null).Select(c => Path.Combine(c!, "spec.json")).FirstOrDefault(File.Exists);
        return spec is null ? null : RunSpec.FromJson(File.ReadAllText(spec));
    }

    static List<double> ParseNumbers(string text) =>
        [.. text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(x =>
            double.TryParse(x, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : throw new BatchLabException($"--epsilons: '{x}' is not a number"))];
}
