using BatchLab.Diagnostics.Sharpness;
using BatchLab.Text;

namespace BatchLab.Studies.Findings;

/// <summary>
/// Whether the small- and large-batch solutions can be compared for sharpness: only when both
/// reached a comparable training loss. Sharpness measured at a solution that is still far up the
/// loss surface says where training stopped, not which minimum the batch size finds (Keskar et
/// al. compare solutions trained to similar training accuracy).
/// </summary>
public static class SharpnessComparison
{
    /// <summary>
    /// Training losses within this factor of each other are comparable. A ratio, never an absolute
    /// gap: near convergence losses are small, and an absolute 0.02 accepted 0.001 against 0.021,
    /// one solution trained 20× further down than the other.
    /// </summary>
    public const double Factor = 2;

    /// <summary>The sentence that leads the sharpness finding; null when there is only one solution.</summary>
    public static string? Of(SharpnessResult? small, SharpnessResult? large)
    {
        if (small is null || large is null || !double.IsFinite(small.Loss) || !double.IsFinite(large.Loss))
        {
            return null;
        }

        var (lo, hi) = (Math.Min(small.Loss, large.Loss), Math.Max(small.Loss, large.Loss));
        string Error(SharpnessResult r) => double.IsNaN(r.Error) ? "" : $", training error {NumberFormat.Percent(2).Format(r.Error)}";
        var losses = $"{NumberFormat.General.Format(hi / lo)}× apart, at most {NumberFormat.General.Format(Factor)}× counts as comparable: training loss {NumberFormat.General.Format(small.Loss)} at {small.Solution}{Error(small)} against {NumberFormat.General.Format(large.Loss)} at {large.Solution}{Error(large)}";
        return hi <= lo * Factor
            ? $"The two solutions reached comparable training loss ({losses}), so their sharpness can be compared."
            : $"WARNING — not comparable: the two solutions did not reach comparable training loss ({losses}); a difference in sharpness between them reflects where training stopped, not the minimum each batch size finds, and the comparison with Keskar et al.'s 1.23 against 205.14 does not apply to them.";
    }
}
