using System.Globalization;
using BatchLab.Data.Fetching;
using BatchLab.Data.Tables;
using BatchLab.Data.Tensors;
using static TorchSharp.torch;

namespace BatchLab.Data.Sources;

/// <summary>
/// <c>csv:FILE[,label=COLUMN][,task=classification|regression][,test=FILE]</c>: a table of numeric
/// features and one target column, as <c>df.to_csv("data.csv", index=False)</c> writes it. The
/// target is the column named by <c>label=</c>, else the first of label, target, y, class, else the
/// last column; the task is classification when every target is a whole number or a word (words
/// are class names, numbered in sorted order), else regression. Without <c>test=</c>, 20% of the
/// rows become the test split (fixed permutation).
/// </summary>
public sealed class CsvSource(string parameters) : IDataSource
{
    public const string Kind = "csv";

    static readonly string[] Keys = ["label", "task", "test"];

    readonly PathSpec spec = PathSpec.Parse(Kind, parameters, Keys, "CSV file");

    public string Name => $"{Kind}:{parameters}";

    public string Summary => $"numeric features and a target column from {spec.Path}";

    public Dataset Load(DataOptions options, DataContext context)
    {
        var train = CsvReader.Read(spec.Path);
        var test = spec.Text("test") is { } testPath ? CsvReader.Read(testPath) : null;
        var target = CsvColumns.TargetColumn(train, spec.Text("label"));
        if (test is not null && !test.Header.SequenceEqual(train.Header))
        {
            throw new BatchLabException($"{test.File}: its columns ({string.Join(", ", test.Header)}) differ from {train.File}'s ({string.Join(", ", train.Header)})");
        }

        var trainTargets = CsvColumns.Target(train, target);
        var testTargets = test is null ? [] : CsvColumns.Target(test, target);
        var task = spec.Text("task") is null ? CsvColumns.Infer(trainTargets.Concat(testTargets)) : spec.Choice("task", TaskKind.Classification);
        var names = task == TaskKind.Classification && trainTargets.Concat(testTargets).Any(t => !CsvColumns.ClassId(t, out _))
            ? trainTargets.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList()
            : null;
        if (names is not null)
        {
            ClassNameRule.Check(names, $"{train.File}: column '{train.Header[target]}'", "clean the labels");
        }

        var files = Checksums.Record(test is null ? [spec.Path] : [spec.Path, spec.Text("test")!]);
        using var raw = new RawSplits(
            Name,
            task,
            CsvColumns.Features(train, target),
            Targets(train, trainTargets, task, names, target),
            test is null ? null : CsvColumns.Features(test, target),
            test is null ? null : Targets(test, testTargets, task, names, target),
            new DataOrigin($"CSV file, target column '{train.Header[target]}'", Path.GetFullPath(spec.Path), files, 0, 0),
            names?.Count,
            ClassNames: names);
        return TensorDatasetBuilder.Build(raw, options);
    }

    static Tensor Targets(CsvTable table, string[] targets, TaskKind task, List<string>? names, int column)
    {
        if (task == TaskKind.Regression)
        {
            return tensor(targets.Select((t, i) => !double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) || !double.IsFinite(v)
                ? throw new BatchLabException($"{table.File}:{table.Rows[i].Line}: target '{table.Header[column]}' holds '{t}', not a finite number (task=regression)")
                : CsvColumns.InFloat32(v) ? v : throw new BatchLabException(CsvColumns.OutOfRange(table.File, table.Rows[i].Line, table.Header[column], t))).ToArray());
        }

        return tensor(targets.Select((t, i) =>
            names is not null ? (names.IndexOf(t) is var id and >= 0 ? id : throw new BatchLabException($"{table.File}:{table.Rows[i].Line}: class '{t}' does not occur in the training file"))
            : CsvColumns.ClassId(t, out var classId) ? classId : throw new BatchLabException($"{table.File}:{table.Rows[i].Line}: class '{t}' is not a class id")).ToArray());
    }
}
