namespace BatchLab.Studies.Budgeted;

/// <summary>How a budgeted study spends its budget: <see cref="Rungs"/> rungs at ratio <see cref="Eta"/>, and the rate search beyond the grid's edges at the first rung, at most <see cref="ExtendCap"/> grid steps per side.</summary>
public sealed record BudgetedOptions(int Rungs = 3, int Eta = 3, int ExtendCap = RateSearch.DefaultCap);

/// <summary>One rate at one rung of one cell (a batch size, with any other non-rate axes): its score and whether it went on.</summary>
/// <param name="Cell">The cell's label, e.g. "batch=32".</param>
/// <param name="Fraction">The rung's fraction of the preset's budget.</param>
/// <param name="Score">Validation error (or loss) at the end of the rung; NaN when it failed.</param>
public sealed record RungDecision(string Cell, long Batch, int Rung, double Fraction, double Rate, double Score, bool Failed, bool Promoted, string? Reason);

/// <summary>What a budgeted study did, for the report: every rung's decisions, which cells competed for the recommendation and ran their full budget, which stopped at the target, and where seeds were added.</summary>
public sealed record BudgetedResult(
    IReadOnlyList<double> Fractions,
    int Eta,
    IReadOnlyList<RungDecision> Decisions,
    IReadOnlyList<long> Competing,
    IReadOnlyList<long> StoppedAtTarget,
    IReadOnlyList<string> Notes)
{
    /// <summary>The batch size whose best cell got the preset's other seeds (the recommendation's spread), or null.</summary>
    public long? SeededBatch { get; init; }

    /// <summary>The rate of <see cref="SeededBatch"/>'s seeded cell.</summary>
    public double? SeededRate { get; init; }
}
