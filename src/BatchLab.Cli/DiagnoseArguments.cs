using System.CommandLine;
using System.Globalization;
using BatchLab.Data;
using BatchLab.Runs;
using BatchLab.Runtime;
using BatchLab.Training;
using BatchLab.Training.Checkpoints;
using BatchLab.Training.Outputs;
using TorchSharp;
using static TorchSharp.torch;

namespace BatchLab.Cli;

/// <summary>
/// Options shared by the `diagnose` commands that look at a model on a data set: which data,
/// which model, which weights (fresh init from --seed — the same weights `train --seed` starts
/// from —, a safetensors file, or a training checkpoint), device, threads and output folder.
/// </summary>
public static class DiagnoseArguments
{
    public static readonly Option<string> Data = new("--data") { Description = DataSourceForms.Help, DefaultValueFactory = _ => "mnist" };
    public static readonly Option<string> Model = new("--model") { Description = "Model spec (see `batchlab models`)", DefaultValueFactory = _ => "mlp:256" };
    public static readonly Option<string?> Checkpoint = new("--checkpoint") { Description = "Trained weights: a `train --out` folder (its newest checkpoint) or a checkpoints/ckpt-*.bin file" };
    public static readonly Option<string?> Init = new("--init") { Description = "Weights from this safetensors file instead of a fresh initialization" };
    public static readonly Option<long> Seed = new("--seed") { Description = "Seed of the fresh initialization (as `train --seed`) and of the sampling", DefaultValueFactory = _ => 0 };
    public static readonly Option<string> Device = new("--device") { Description = "cpu or cuda (an error where CUDA is unavailable)", DefaultValueFactory = _ => "cpu" };
    public static readonly Option<int?> Threads = new Option<int?>("--threads") { Description = "Torch intra-op threads (default: all cores)" }.ThreadCount();
    public static readonly Option<DirectoryInfo?> Out = new Option<DirectoryInfo?>("--out") { Description = "Write result.json, CSV tables and PNG/SVG figures into this folder" }.WritableFolder();

    /// <summary>Adds the options (and the data-slicing ones); <paramref name="weights"/> = false leaves out --checkpoint and --init.</summary>
    public static void AddTo(Command command, bool weights = true)
    {
        foreach (var option in new Option[] { Data, Model, Seed, Device, Threads, Out })
        {
            command.Options.Add(option);
        }

        if (weights)
        {
            command.Options.Add(Checkpoint);
            command.Options.Add(Init);
        }

        DataArguments.AddTo(command);
    }

    /// <summary>Applies --threads and loads the data set.</summary>
    public static Dataset LoadData(ParseResult parse)
    {
        TorchThreads.Set(parse.GetValue(Threads));
        return DataCatalog.Load(DataArguments.Name(parse, Data), DataArguments.Options(parse), DataArguments.Context());
    }

    /// <summary>The model at its starting weights (fresh init from --seed, or --init), on --device, and a label saying which.</summary>
    public static (nn.Module<Tensor, Tensor> Model, string Weights) Initial(ParseResult parse, Dataset data)
    {
        var seed = parse.GetValue(Seed);
        var spec = new RunSpec(DataArguments.Name(parse, Data), DataArguments.Options(parse), parse.GetValue(Model)!, new TrainOptions { Seed = seed });
        var model = RunFactory.CreateModel(spec, data);
        var label = $"initialization (seed {seed})";
        if (parse.GetValue(Init) is { } file)
        {
            WeightsFile.Load(model, file);
            label = $"weights {Path.GetFileName(file)}";
        }

        return (OnDevice(parse, model), label);
    }

    /// <summary>The model at --checkpoint's weights, or null when none was given.</summary>
    public static (nn.Module<Tensor, Tensor> Model, string Weights)? Trained(ParseResult parse, Dataset data)
    {
        if (parse.GetValue(Checkpoint) is not { } path)
        {
            return null;
        }

        var model = RunFactory.CreateModel(new RunSpec(DataArguments.Name(parse, Data), DataArguments.Options(parse), parse.GetValue(Model)!, new TrainOptions()), data);
        var state = CheckpointWeights.Load(model, path);
        var epochs = (double)state.Samples / data.Train.Count;
        var label = string.Create(CultureInfo.InvariantCulture, $"checkpoint {Path.GetFileName(Path.TrimEndingDirectorySeparator(path))} (update {state.Update:N0}, {epochs:F2} epochs)");
        return (OnDevice(parse, model), label);
    }

    static nn.Module<Tensor, Tensor> OnDevice(ParseResult parse, nn.Module<Tensor, Tensor> model) =>
        model.to(DeviceSelector.Resolve(parse.GetValue(Device)!));

    /// <summary>Parses a comma-separated list of positive whole numbers.</summary>
    /// <summary>
    /// Batch sizes in the grid syntax `sweep` takes (`8,64,512`, `1,2,4,...,1024`, `2^0..2^10`),
    /// so `--batch` reads the same in every command; each a positive whole number.
    /// </summary>
    public static long[] ParseSizes(string text, string option)
    {
        IReadOnlyList<Sweeps.Specs.GridValue> values;
        try
        {
            values = Sweeps.Specs.GridSyntax.Parse(text, option);
        }
        catch (BatchLabException e)
        {
            throw new BatchLabException($"{option} '{text}': {e.Message}; batch sizes are positive whole numbers, e.g. 8,64,512 or 1,2,4,...,1024", BatchLabException.BadInput);
        }

        var sizes = values.Select(v => v.Whole ?? -1).ToArray();
        return sizes.Length > 0 && sizes.All(b => b >= 1)
            ? sizes
            : throw new BatchLabException($"{option} '{text}' must be positive whole numbers, e.g. 8,64,512 or 1,2,4,...,1024", BatchLabException.BadInput);
    }
}
