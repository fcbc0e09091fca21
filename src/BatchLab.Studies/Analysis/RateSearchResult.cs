using BatchLab.Text;

namespace BatchLab.Studies.Analysis;

/// <summary>What the learning-rate search added at one batch size: rates below and above the grid, and whether it stopped at its cap.</summary>
public sealed record RateSearchBatch(long Batch, IReadOnlyList<double> AddedBelow, IReadOnlyList<double> AddedAbove, bool CapHitBelow, bool CapHitAbove);

/// <summary>
/// The per-B learning-rate search of a study (see StudyRunner): where a batch size's best rate
/// sat at an edge of the rates tried, the grid was extended on that side, one grid step at a
/// time, until a rate beyond the best was tried (an interior optimum, or a rate that diverged or
/// did not learn), at most <see cref="Cap"/> steps per side. <see cref="Enabled"/> false = a fixed
/// grid (the study was run without the search).
/// </summary>
public sealed record RateSearchResult(bool Enabled, int Cap, string Axis, IReadOnlyList<RateSearchBatch> ByBatch)
{
    /// <summary>Why a best rate at an edge still stands: for the finding and the table.</summary>
    public static string EdgeNote(RateSearchResult? search, long batch, RateEdge edge)
    {
        var side = edge == RateEdge.Lowest ? "smallest" : "largest";
        if (search is null || !search.Enabled)
        {
            return $"the {side} rate of a fixed grid: a better rate may lie beyond it (the grid was not extended)";
        }

        var b = search.ByBatch.FirstOrDefault(x => x.Batch == batch);
        var capped = b is not null && (edge == RateEdge.Lowest ? b.CapHitBelow : b.CapHitAbove);
        return capped
            ? $"the {side} rate tried after the search extended the grid {search.Cap} steps on that side (its cap): a better rate may lie beyond it"
            : $"the {side} rate tried: a better rate may lie beyond it";
    }

    /// <summary>One sentence on what the search did, for the generalization finding.</summary>
    public string Describe()
    {
        if (!Enabled)
        {
            return Axis == "none"
                ? "The grid has no learning-rate axis (one rate per batch size, the preset's), so there was nothing to search."
                : "The learning-rate grid was fixed (no search beyond its edges).";
        }

        var extended = ByBatch.Where(b => b.AddedBelow.Count + b.AddedAbove.Count > 0).ToList();
        if (extended.Count == 0)
        {
            return $"Every batch size's best rate was inside the grid, so the learning-rate search added no rate (cap {Cap} steps per side).";
        }

        var parts = extended.Select(b =>
        {
            var added = b.AddedBelow.Concat(b.AddedAbove).Order().Select(NumberFormat.Rate);
            var cap = b.CapHitBelow || b.CapHitAbove ? ", cap reached" : "";
            return $"B = {b.Batch:N0}: {string.Join(", ", added)}{cap}";
        });
        return $"The learning-rate search extended the grid where a best rate sat at its edge ({string.Join("; ", parts)}; cap {Cap} steps per side).";
    }
}
