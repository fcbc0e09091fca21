namespace BatchLab.Saddle;

/// <summary>How escape methods and start offsets are named in findings, tables and figures.</summary>
public static class EscapeLabels
{
    /// <summary>A start offset as people write it: 1e-12.</summary>
    public static string Offset(double offset) => offset.ToString("0.##e+0");

    public static string Label(EscapeSummary s) => Label(s.Method, s.Batch, s.StartOffset);

    public static string Label(EscapeMethod method, int? batch, double offset) => method switch
    {
        EscapeMethod.Gd when offset > 0 => $"GD from offset {Offset(offset)}",
        EscapeMethod.Gd => "GD (exact gradient)",
        EscapeMethod.PerturbedGd => "perturbed GD",
        _ => $"SGD B = {batch}",
    };
}
