using System.CommandLine;
using BatchLab.Diagnostics.Memory;
using BatchLab.Models;
using BatchLab.Studies.Findings;
using BatchLab.Training.Optimizers;

namespace BatchLab.Cli.Commands;

/// <summary>
/// `batchlab diagnose memory`: per-layer activations, the memory model, measured peaks of real
/// training steps and the largest micro-batch under a memory limit. Each measurement runs this same
/// command with the hidden --probe option in a fresh process.
/// </summary>
public static class DiagnoseMemoryCommand
{
    static readonly Option<string> Model = new("--model") { Description = "Model spec (default mlp:256, as every other command; vgg16 for the classic feature-map count)", DefaultValueFactory = _ => "mlp:256" };
    static readonly Option<string?> Input = new("--input") { Description = "Sample shape CxHxW or D (default: the model's native input, e.g. 3x224x224 for vgg16)" };
    static readonly Option<int?> Outputs = new("--outputs") { Description = "Outputs (classes) of the model (default: the model's native count)" };
    static readonly Option<string?> Data = new("--data") { Description = "Take the sample shape and outputs from this data set (" + DataSourceForms.Help + "); --input and --outputs win" };
    static readonly Option<string?> MicroBatches = new("--micro-batch") { Description = "Measure real training steps at these M, comma-separated, each in a fresh process (default: prediction only)" };
    static readonly Option<string?> Memory = new("--memory") { Description = "Find the largest M that fits this memory limit (4GiB, 512MiB, 4GB), by the model and then by measured probes" };
    static readonly Option<double> Margin = new("--margin") { Description = "Safety margin: a probe fits when it uses at most limit × (1 - margin)", DefaultValueFactory = _ => 0.1 };
    static readonly Option<string> Optimizer = new("--optimizer") { Description = "sgd (with momentum 0.9: one state tensor per weight) or adam (two)", DefaultValueFactory = _ => "sgd" };
    static readonly Option<long> MaxMicroBatch = new("--max-micro-batch") { Description = "Largest M the limit search tries", DefaultValueFactory = _ => 4096 };
    static readonly Option<int> MaxProbes = new("--max-probes", "--max-trials") { Description = "Most measurements the limit search makes", DefaultValueFactory = _ => 12 };
    static readonly Option<int> Steps = new("--steps") { Description = "Training steps per measurement", DefaultValueFactory = _ => 2 };
    static readonly Option<string?> Out = new Option<string?>("--out") { Description = "Write result.json, CSV tables and figures (PNG, SVG) into this folder" }.WritableFolder();
    static readonly Option<long?> Probe = new("--probe") { Description = "Internal: measure one micro-batch in this process and print the measurement", Hidden = true };

    public static Command Create()
    {
        var command = new Command("memory", "Activation memory per layer, predicted and measured training memory against micro-batch M, and the largest M for a budget")
        {
            Model, Input, Outputs, Data, DataArguments.DataDir, MicroBatches, Memory, Margin, Optimizer, MaxMicroBatch, MaxProbes, Steps, Out, Probe,
        };
        command.SetAction(Run);
        return command;
    }

    static int Run(ParseResult parse)
    {
        var spec = parse.GetValue(Model)!;
        var native = DataInput(parse) ?? ModelTraits.NativeInput(spec);
        var input = new ModelInput(parse.GetValue(Input) is { } shape ? ParseShape(shape) : native.SampleShape, parse.GetValue(Outputs) ?? native.Outputs);
        var optimizer = OptimizerOptions.ParseKind(parse.GetValue(Optimizer)!) is var kind && kind == OptimizerKind.AdamW ? OptimizerKind.Adam : kind;
        if (parse.GetValue(Probe) is { } probe)
        {
            Output.Json(MemoryProbe.Measure(spec, input, optimizer, probe, parse.GetValue(Steps)));
            return ExitCodes.Ok;
        }

        var options = new MemoryOptions
        {
            Model = spec,
            Input = input,
            Optimizer = optimizer,
            MicroBatches = parse.GetValue(MicroBatches) is { } list ? ParseList(list) : [],
            Limit = parse.GetValue(Memory) is { } limit ? ByteSize.Parse(limit) : null,
            Margin = parse.GetValue(Margin),
            MaxMicroBatch = parse.GetValue(MaxMicroBatch),
            MaxProbes = parse.GetValue(MaxProbes),
            Steps = parse.GetValue(Steps),
        };
        var result = MemoryDiagnostic.Run(options, m => MemoryProbeProcess.Measure(options, m), Output.Log);
        ResultPrinter.Emit(parse, result, ResultFindings.Of(result), parse.GetValue(Out), "diagnose memory", MemoryText.Print);

        return ExitCodes.Ok;
    }

    /// <summary>
    /// The sample shape and outputs of the data set named by --data or --data-dir, or null when
    /// neither is given. Loads the set once (seconds for MNIST-sized files): the shape and class
    /// count are only known from the files (no validation split is carved: only the shape is read).
    /// </summary>
    static ModelInput? DataInput(ParseResult parse)
    {
        var name = parse.GetValue(Data);
        if (name is null && parse.GetValue(DataArguments.DataDir) is null)
        {
            return null;
        }

        using var data = DataArguments.Source(parse, name).Load(new global::BatchLab.Data.DataOptions { Validation = 0 }, DataArguments.Context());
        return new ModelInput(data.SampleShape, data.Outputs);
    }

    static long[] ParseShape(string text)
    {
        var parts = text.Split('x', '×', ',');
        return parts.Select(p => long.TryParse(p.Trim(), out var v) && v > 0 ? v : 0).ToArray() is var shape && shape.All(v => v > 0)
            ? shape
            : throw new BatchLabException($"--input '{text}' must be positive sizes like 3x224x224 or 784");
    }

    static long[] ParseList(string text)
    {
        var values = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(x => long.TryParse(x, out var v) ? v : 0).ToArray();
        return values.Length > 0 && values.All(v => v > 0)
            ? values
            : throw new BatchLabException($"--micro-batch '{text}' must be positive whole numbers separated by commas, e.g. 1,2,4,8");
    }
}
