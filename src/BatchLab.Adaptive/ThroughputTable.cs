using System.Globalization;

namespace BatchLab.Adaptive;

/// <summary>
/// Measured training samples/s of one model on this machine at a few batch sizes, and log-log
/// interpolation between them (flat beyond the largest; proportional to B below the smallest,
/// where per-update overhead dominates). A goodput policy decides on it, so it is measured once
/// before training and kept in the run's checkpoints: a resumed run decides on the same numbers.
/// </summary>
public sealed class ThroughputTable
{
    const string Prefix = "throughput.";
    readonly SortedDictionary<long, double> rates = [];

    public ThroughputTable(IEnumerable<(long Batch, double SamplesPerSecond)> points)
    {
        foreach (var (batch, rate) in points)
        {
            if (batch > 0 && double.IsFinite(rate) && rate > 0)
            {
                rates[batch] = rate;
            }
        }
    }

    public IReadOnlyList<(long Batch, double SamplesPerSecond)> Points => [.. rates.Select(r => (r.Key, r.Value))];

    public bool IsEmpty => rates.Count == 0;

    public double SamplesPerSecond(long batch)
    {
        if (rates.Count == 0)
        {
            return double.NaN;
        }

        if (rates.TryGetValue(batch, out var exact))
        {
            return exact;
        }

        var (firstBatch, firstRate) = rates.First();
        if (batch < firstBatch)
        {
            return firstRate * batch / firstBatch;
        }

        var above = rates.FirstOrDefault(r => r.Key > batch);
        if (above.Key == 0)
        {
            return rates.Last().Value;
        }

        var below = rates.Last(r => r.Key < batch);
        var t = Math.Log((double)batch / below.Key) / Math.Log((double)above.Key / below.Key);
        return Math.Exp(Math.Log(below.Value) + (t * (Math.Log(above.Value) - Math.Log(below.Value))));
    }

    /// <summary>Writes the points into a policy state ("throughput.B" → samples/s).</summary>
    public void SaveTo(IDictionary<string, double> state)
    {
        foreach (var (batch, rate) in rates)
        {
            state[Prefix + batch.ToString(CultureInfo.InvariantCulture)] = rate;
        }
    }

    /// <summary>The points a policy state holds; empty when it holds none.</summary>
    public static ThroughputTable From(IReadOnlyDictionary<string, double> state) => new(
        state.Where(kv => kv.Key.StartsWith(Prefix, StringComparison.Ordinal))
            .Select(kv => (long.Parse(kv.Key[Prefix.Length..], CultureInfo.InvariantCulture), kv.Value)));
}
