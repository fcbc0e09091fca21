namespace BatchLab.Data;

/// <summary>Size of one split: samples, the inputs tensor's shape, and samples per class (classification only).</summary>
public sealed record SplitSummary(long Count, long[] Shape, long[]? ClassCounts);

/// <summary>
/// What `batchlab data info` reports about a loaded data set: original and split counts, shapes,
/// class balance, where the data came from with its checksums, and for text the tokens and
/// documents of each split.
/// </summary>
public sealed record DatasetSummary(
    string Name,
    TaskKind Task,
    int Classes,
    long[] SampleShape,
    long OriginalTrain,
    long OriginalTest,
    SplitSummary Train,
    SplitSummary Validation,
    SplitSummary Test,
    string? Source,
    string? Location,
    bool ChecksumsVerified,
    IReadOnlyList<FileCheck> Files,
    Standardization? Standardization,
    string Provenance,
    IReadOnlyList<string>? ClassNames = null,
    Text.TextLayout? Text = null)
{
    public static DatasetSummary Of(Dataset data) => new(
        data.Name,
        data.Task,
        data.Classes,
        data.SampleShape,
        data.Origin?.OriginalTrain ?? data.Train.Count + data.Validation.Count,
        data.Origin?.OriginalTest ?? data.Test.Count,
        Split(data, data.Train),
        Split(data, data.Validation),
        Split(data, data.Test),
        data.Origin?.Source,
        data.Origin?.Location,
        data.Origin?.ChecksumsVerified ?? false,
        data.Origin?.Files ?? [],
        data.Origin?.Standardization,
        data.Provenance,
        data.ClassNames,
        data.Text);

    static SplitSummary Split(Dataset data, TensorSplit split)
    {
        if (data.Task != TaskKind.Classification)
        {
            return new SplitSummary(split.Count, split.Inputs.shape, null);
        }

        using var counts = split.Targets.bincount(null, data.Classes);
        return new SplitSummary(split.Count, split.Inputs.shape, counts.data<long>().ToArray());
    }
}
