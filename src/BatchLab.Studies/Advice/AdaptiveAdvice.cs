using System.Globalization;
using BatchLab.Adaptive;

namespace BatchLab.Studies.Advice;

/// <summary>
/// Whether growing B during training would pay on this model and machine: the B with the best
/// goodput (measured throughput × statistical efficiency) at the start and at the end of the
/// short run's noise-scale track. When the noise scale grew enough to move that B by a factor of
/// two or more, an adaptive goodput schedule is recommended, with the `--batch` value to use.
/// </summary>
public sealed record AdaptiveAdvice(
    bool Recommended, double NoiseScaleStart, double NoiseScaleEnd, long BestBatchStart, long BestBatchEnd,
    double LateGoodputGain, string? BatchOption, string Reason)
{
    static readonly CultureInfo I = CultureInfo.InvariantCulture;

    /// <param name="noiseScales">B_simple along the short run, in order (finite values only are used).</param>
    /// <param name="samplesPerSecond">The measured throughput curve.</param>
    public static AdaptiveAdvice? From(IReadOnlyList<double> noiseScales, Func<long, double> samplesPerSecond, long trainSize, long maxBatch = 4096)
    {
        var track = noiseScales.Where(n => double.IsFinite(n) && n > 0).ToList();
        if (track.Count < 2)
        {
            return null;
        }

        var sizes = Enumerable.Range(0, 20).Select(k => 1L << k).Where(b => b <= Math.Min(trainSize, maxBatch)).ToList();
        long Best(double noise) => Goodput.Choose(Goodput.Evaluate(sizes, samplesPerSecond, noise, sizes[0]), sizes[0], 0).Batch;
        var (start, end) = (track[0], track[^1]);
        var (bStart, bEnd) = (Best(start), Best(end));
        double GoodputAt(long b, double noise) => samplesPerSecond(b) * Goodput.Efficiency(b, noise, sizes[0]);
        var gain = GoodputAt(bEnd, end) / GoodputAt(bStart, end);
        if (bEnd >= 2 * bStart && end >= 2 * start)
        {
            var option = string.Create(I, $"adaptive:policy=goodput,min={bStart},max={Math.Min(trainSize, Math.Min(maxBatch, 4 * bEnd))}");
            return new AdaptiveAdvice(true, start, end, bStart, bEnd, gain, option, string.Create(I,
                $"The noise scale grew from {start:G3} to {end:G3} during the short run, which moves the best-goodput B from {bStart} to {bEnd}: late in training B = {bEnd} makes useful progress {gain:G3}× as fast as B = {bStart} here (a model: measured throughput × (B_noise + B₀)/(B_noise + B)). Try --batch {option}."));
        }

        return new AdaptiveAdvice(false, start, end, bStart, bEnd, gain, null, string.Create(I,
            $"The noise scale went from {start:G3} to {end:G3} during the short run; the best-goodput B stays near {bStart} (at the end {bEnd}), so growing B during training would gain little here ({gain:G3}× late in training)."));
    }
}
