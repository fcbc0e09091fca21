namespace BatchLab.Reporting.Document;

/// <summary>
/// Where, when and how a report was produced, so a reader can tell whether its numbers apply to
/// their machine and rerun it. Every field is optional: a report shows the ones that are set.
/// </summary>
public sealed record ReportMetadata
{
    /// <summary>The machine in words, e.g. "AMD Zen 5, 2 cores, 24 GiB, no GPU".</summary>
    public string? Machine { get; init; }

    public DateTimeOffset? Created { get; init; }

    /// <summary>The command that reproduces the report.</summary>
    public string? CommandLine { get; init; }

    public string? Preset { get; init; }

    /// <summary>Wall-clock time the whole run took, in seconds.</summary>
    public double? WallSeconds { get; init; }

    /// <summary>The BatchLab version that produced the report.</summary>
    public string? Version { get; init; }
}
