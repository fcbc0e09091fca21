namespace BatchLab.Diagnostics.Noise;

/// <summary>The finding of a <see cref="NoiseScaleResult"/>, every number computed from it.</summary>
public static class NoiseFinding
{
    public static string Describe(NoiseScaleResult r)
    {
        var e = r.Estimate;
        var s = e.NoiseScaleSpread;
        var span = r.Measurement.Pairs.Where(p => double.IsFinite(p.NoiseScale)).Select(p => p.NoiseScale).ToList();
        var pairs = span.Count > 1 ? $" The {r.Measurement.Pairs.Count} pairs of sizes give {span.Min():G3} to {span.Max():G3}." : "";
        if (!double.IsFinite(e.NoiseScale))
        {
            return $"At {r.Subject.Weights}, the mean gradient was not resolved above the sampling noise (|G|² estimate {e.GradientSquaredNorm:G3}, tr Σ {e.TraceCovariance:G3}): "
                + $"B_simple is larger than the sizes sampled ({string.Join(", ", r.Options.Batches)}) can show; sample larger batches or more --draws.";
        }

        var regime = e.NoiseScale < e.Small ? $"every batch size sampled is above it: the mini-batch gradient is mostly signal already at B = {e.Small}"
            : e.NoiseScale > e.Big ? $"even B = {e.Big} is below it: a larger batch still cuts the gradient noise almost in proportion"
            : $"below about B = {e.NoiseScale:F0} a larger batch mainly buys less noise; above it, little";
        return $"At {r.Subject.Weights}, B_simple = tr Σ/|G|² = {e.TraceCovariance:G3}/{e.GradientSquaredNorm:G3} = {e.NoiseScale:G3} "
            + $"(pair B = {e.Small} and {e.Big}, {r.Options.Draws} draws each; bootstrap 90% interval {s.Low:G3} to {s.High:G3}).{pairs} "
            + $"A batch of B has noise-to-signal ratio B_simple/B, so {regime}.";
    }
}
