using BatchLab.Data.Fetching;
using BatchLab.Data.Tensors;
using BatchLab.IO.Safetensors;
using static TorchSharp.torch;

namespace BatchLab.Data.Sources;

/// <summary>
/// <c>safetensors:FILE[,task=classification|regression]</c>: tensors <c>x</c> (inputs [N, ...]) and
/// <c>y</c> (targets [N]), as <c>safetensors.torch.save_file({"x": x, "y": y}, FILE)</c> writes them;
/// or given splits <c>train_x</c>, <c>train_y</c>, <c>test_x</c>, <c>test_y</c> (and optionally
/// <c>val_x</c>, <c>val_y</c>). Integer targets are class ids, floating-point ones regression values.
/// </summary>
public sealed class SafetensorsSource(string parameters) : IDataSource
{
    public const string Kind = "safetensors";

    readonly PathSpec spec = PathSpec.Parse(Kind, parameters, ["task"], "safetensors file");

    public string Name => $"{Kind}:{parameters}";

    public string Summary => $"tensors x, y (or train_x, test_x, ...) from {spec.Path}";

    public Dataset Load(DataOptions options, DataContext context)
    {
        using var file = SafetensorsFile.Read(spec.Path);
        var name = Path.GetFileName(spec.Path);
        var given = file.Tensors.Select(t => t.Name).ToList();
        var split = given.Contains("train_x");
        string[] needed = split ? ["train_x", "train_y", "test_x", "test_y"] : ["x", "y"];
        if (needed.FirstOrDefault(n => !given.Contains(n)) is { } missing)
        {
            throw new BatchLabException($"{name}: no tensor '{missing}'; a data file holds x and y, or train_x, train_y, test_x and test_y (found: {string.Join(", ", given)})");
        }

        if (given.Contains("val_x") != given.Contains("val_y"))
        {
            throw new BatchLabException($"{name}: give val_x and val_y together");
        }

        foreach (var (x, y) in new[] { ("x", "y"), ("train_x", "train_y"), ("test_x", "test_y"), ("val_x", "val_y") }.Where(p => given.Contains(p.Item1)))
        {
            Check(name, x, file[x]!, y, file[y]!);
        }

        var targets = file[split ? "train_y" : "y"]!;
        var task = spec.Text("task") is null
            ? (targets.is_floating_point() ? TaskKind.Regression : TaskKind.Classification)
            : spec.Choice("task", TaskKind.Classification);
        var raw = new RawSplits(
            Name,
            task,
            file[split ? "train_x" : "x"]!.alias(),
            targets.alias(),
            split ? file["test_x"]!.alias() : null,
            split ? file["test_y"]!.alias() : null,
            new DataOrigin("safetensors file", Path.GetFullPath(spec.Path), Checksums.Record([spec.Path]), 0, 0),
            ValidationX: file["val_x"]?.alias(),
            ValidationY: file["val_y"]?.alias());
        using (raw)
        {
            return TensorDatasetBuilder.Build(raw, options);
        }
    }

    static void Check(string file, string xName, Tensor x, string yName, Tensor y)
    {
        if (x.dim() < 1 || y.dim() is < 1 or > 2 || (y.dim() == 2 && y.shape[1] != 1))
        {
            throw new BatchLabException($"{file}: {yName} must be [N] (or [N, 1]) and {xName} [N, ...]; got {yName} [{string.Join(", ", y.shape)}], {xName} [{string.Join(", ", x.shape)}]");
        }

        if (x.shape[0] != y.shape[0])
        {
            throw new BatchLabException($"{file}: {xName} has {x.shape[0]:N0} samples but {yName} has {y.shape[0]:N0}");
        }

        if (x.dtype == ScalarType.Bool || !x.to_type(ScalarType.Float64).isfinite().all().item<bool>())
        {
            throw new BatchLabException($"{file}: {xName} holds NaN or infinite values (or is boolean); inputs must be finite numbers");
        }
    }
}
