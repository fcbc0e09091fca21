using BatchLab.Diagnostics.Noise;
namespace BatchLab.Studies.Findings;

/// <summary>The finding of a <see cref="NoiseScaleResult"/>, every number computed from it.</summary>
public static class NoiseFinding
{
    public static string Describe(NoiseScaleResult r)
    {
        var e = r.Estimate;
        var s = e.NoiseScaleSpread;
        var span = r.Measurement.Pairs.Where(p => double.IsFinite(p.NoiseScale)).Select(p => p.NoiseScale).ToList();
        var pairs = span.Count > 1 ? $" The {r.Measurement.Pairs.Count} pairs of sizes alone give {span.Min():G3} to {span.Max():G3}." : "";
        if (!double.IsFinite(e.NoiseScale))
        {
            return $"At {r.Subject.Weights}, the mean gradient was not resolved above the sampling noise (|G|² estimate {e.GradientSquaredNorm:G3}, tr Σ {e.TraceCovariance:G3}): "
                + $"B_simple is larger than the sizes sampled ({string.Join(", ", r.Options.Batches)}) can show; sample larger batches or more --draws.";
        }

        var (smallest, largest) = (e.Batches[0], e.Batches[^1]);
        var regime = e.NoiseScale < smallest ? $"every batch size sampled is above it: the mini-batch gradient is mostly signal already at B = {smallest}"
            : e.NoiseScale > largest ? $"even B = {largest} is below it: a larger batch still cuts the gradient noise almost in proportion"
            : $"below about B = {e.NoiseScale:F0} a larger batch mainly buys less noise; above it, little";
        return $"At {r.Subject.Weights}, B_simple = tr Σ/|G|² = {e.TraceCovariance:G3}/{e.GradientSquaredNorm:G3} = {e.NoiseScale:G3} "
            + $"({How(e)}, {r.Options.Draws} draws each; bootstrap 90% interval {s.Low:G3} to {s.High:G3}).{pairs} "
            + $"A batch of B has noise-to-signal ratio B_simple/B, so {regime}.";
    }

    static string How(SizesEstimate e) => e.Batches.Count == 2
        ? $"two-batch estimate from B = {e.Batches[0]} and {e.Batches[1]}"
        : $"weighted least-squares fit over B = {string.Join(", ", e.Batches)}";
}
