namespace BatchLab.Models;

/// <summary>A catalog row: a model family and the parameter count of <see cref="Example"/> on its native input (null when read from a file).</summary>
public sealed record ModelSummary(
    string Name,
    string Form,
    string Example,
    string Description,
    long[] InputShape,
    int Outputs,
    long? Parameters);
