namespace BatchLab.Adaptive;

/// <summary>One candidate B with what the goodput rule predicts for it.</summary>
public sealed record GoodputCandidate(long Batch, double SamplesPerSecond, double Efficiency, double Goodput);

/// <summary>
/// Pollux's goodput (Qiao et al., OSDI 2021): the rate of useful progress at batch size B is
/// throughput(B) × statistical efficiency(B), where efficiency(B) = (B_noise + B₀)/(B_noise + B) is
/// how much a sample at B is worth relative to one at the base batch B₀ (McCandlish et al. 2018:
/// to make the progress of one update at B₀, an update needs S(B) = S_min(1 + B_noise/B) steps, so
/// each of its samples is worth (1 + B_noise/B₀)/(1 + B_noise/B)·B₀/B). Pure functions.
/// </summary>
public static class Goodput
{
    public static double Efficiency(double batch, double noiseScale, double baseBatch) =>
        (noiseScale + baseBatch) / (noiseScale + batch);

    /// <summary>Every candidate's predicted goodput, in the order given.</summary>
    public static IReadOnlyList<GoodputCandidate> Evaluate(IEnumerable<long> candidates, Func<long, double> samplesPerSecond, double noiseScale, long baseBatch) =>
        [.. candidates.Select(b =>
        {
            var rate = samplesPerSecond(b);
            var efficiency = Efficiency(b, noiseScale, baseBatch);
            return new GoodputCandidate(b, rate, efficiency, rate * efficiency);
        })];

    /// <summary>
    /// The candidate to train with next: the highest goodput, unless it beats the current B's by
    /// less than <paramref name="minGain"/> (then B stays: a decision on noisy estimates should not
    /// flap). Ties go to the smaller B.
    /// </summary>
    public static GoodputCandidate Choose(IReadOnlyList<GoodputCandidate> candidates, long current, double minGain)
    {
        var best = candidates.OrderByDescending(c => c.Goodput).ThenBy(c => c.Batch).First();
        var now = candidates.FirstOrDefault(c => c.Batch == current);
        return now is not null && best.Goodput < now.Goodput * (1 + minGain) ? now : best;
    }
}
