using BatchLab.Diagnostics.Noise;
using BatchLab.Text;

namespace BatchLab.Studies.Findings;

/// <summary>The finding of a <see cref="NoiseScaleResult"/>, every number computed from it.</summary>
public static class NoiseFinding
{
    static string N(double v) => NumberFormat.General.Format(v);

    public static string Describe(NoiseScaleResult r)
    {
        var e = r.Estimate;
        var s = e.NoiseScaleSpread;
        if (!double.IsFinite(e.NoiseScale))
        {
            return $"At {r.Subject.Weights}, the mean gradient was not resolved above the sampling noise (|G|² estimate {N(e.GradientSquaredNorm)}, tr Σ {N(e.TraceCovariance)}): "
                + $"B_simple is larger than the sizes sampled ({string.Join(", ", r.Options.Batches)}) can show; sample larger batches, more --draws, or take |G|² exactly.";
        }

        var (smallest, largest) = (e.Batches[0], e.Batches[^1]);
        var regime = e.NoiseScale < smallest ? $"every batch size sampled is above it: the mini-batch gradient is mostly signal already at B = {smallest:N0}"
            : e.NoiseScale > largest ? $"even B = {largest:N0} is below it: a larger batch still cuts the gradient noise almost in proportion"
            : $"below about B = {N(e.NoiseScale)} a larger batch mainly buys less noise; above it, little";
        var how = e.ExactGradient
            ? $"|G|² exact over all N = {r.TrainSize:N0} training samples, tr Σ fitted to {r.Options.Draws} draws at each of B = {string.Join(", ", e.Batches)}"
            : e.Batches.Count == 2
                ? $"two-batch estimate from B = {e.Batches[0]:N0} and {e.Batches[1]:N0}, {r.Options.Draws} draws each"
                : $"weighted least-squares fit over B = {string.Join(", ", e.Batches)}, {r.Options.Draws} draws each";
        var draws = r.Measurement.FromDraws is { } d
            ? $" The draws alone, without the exact |G|², give {N(d.NoiseScale)} ({IntervalText.Of(d.NoiseScaleSpread)})"
                + (d.GradientSquaredNormSpread.Low > 0 ? "." : ", but their |G|² is not resolved above its noise, so that ratio is not a measurement.")
            : "";
        return $"At {r.Subject.Weights}, B_simple = tr Σ/|G|² = {N(e.TraceCovariance)}/{N(e.GradientSquaredNorm)} = {N(e.NoiseScale)} "
            + $"({how}; bootstrap {IntervalText.Of(s)}).{draws} "
            + $"A batch of B has noise-to-signal ratio B_simple/B, so {regime}.";
    }
}
