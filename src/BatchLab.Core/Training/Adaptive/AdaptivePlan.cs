using System.Globalization;

namespace BatchLab.Training.Adaptive;

/// <summary>The sentence printed before an adaptive run starts: what will change B, within which bounds, and how η follows.</summary>
public static class AdaptivePlan
{
    public static string Describe(AdaptiveBatch a, BatchPlan plan)
    {
        var i = CultureInfo.InvariantCulture;
        var rate = a.Lr switch
        {
            LrScalingRule.AdaScale => $"η = η₀ × AdaScale's gain S·(B_noise + B₀)/(B_noise + B), S = B/B₀, at most {a.LrCap.ToString("G3", i)}×",
            LrScalingRule.Sqrt => $"η = η₀·√(B/B₀), at most {a.LrCap.ToString("G3", i)}×",
            LrScalingRule.Linear => $"η = η₀·B/B₀, at most {a.LrCap.ToString("G3", i)}×",
            _ => "η stays η₀",
        };
        return a.Policy == BatchPolicyKind.Goodput
            ? string.Create(i, $"adaptive B (goodput, Pollux): every {a.Every} the B among B₀·2^k in [{a.Min}, {a.Max}] (multiples of M = {plan.MicroBatch}, at most ×{a.Factor:G3} per step) with the highest measured throughput × (B_noise + B₀)/(B_noise + B), B_noise from the first micro-batch against the whole batch; {rate}")
            : string.Create(i, $"adaptive B (schedule, Smith et al. 2018): B × {a.Factor:G3} at {string.Join(", ", (a.Drops ?? [0.5, 0.75]).Select(d => d.ToString("P0", i)))} of the budget, up to {a.Max}; at the maximum η ÷ {a.Factor:G3} instead");
    }
}
