namespace BatchLab.Reporting.Document;

/// <summary>
/// The answer a reader can act on in ten seconds, shown before everything else: one sentence,
/// the numbers to use (<see cref="Figures"/>: B, M, η, expected time to the target, confidence),
/// the reasons that decided them and what could make them wrong. Every number is the one the
/// sections below show; a report without a recommendation has no answer.
/// </summary>
public sealed record ReportAnswer(string Headline)
{
    public IReadOnlyList<KeyFigure> Figures { get; init; } = [];

    /// <summary>What the confidence (a key figure) rests on, in words: seeds, spread between batch sizes, grid edges.</summary>
    public string? Confidence { get; init; }

    /// <summary>The trade-off behind it: the recommendation with its rule, the fastest cell and the lowest-error cell when they differ.</summary>
    public IReadOnlyList<string> TradeOff { get; init; } = [];

    /// <summary>Lines that apply the answer: the `batchlab train` command and its PyTorch equivalent.</summary>
    public IReadOnlyList<string> Apply { get; init; } = [];

    /// <summary>The reasons that decided it, most important first (at most three are shown).</summary>
    public IReadOnlyList<string> Reasons { get; init; } = [];

    public IReadOnlyList<string> Caveats { get; init; } = [];

    /// <summary>The section that explains the answer in full (its id), if any.</summary>
    public string? DetailsSection { get; init; }
}
