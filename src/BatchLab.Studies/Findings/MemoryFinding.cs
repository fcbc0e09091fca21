using BatchLab.Diagnostics.Memory;
namespace BatchLab.Studies.Findings;

/// <summary>The one-paragraph finding of a <see cref="MemoryResult"/>, every clause computed from its numbers.</summary>
public static class MemoryFinding
{
    /// <summary>The VGG-16 figure often quoted beside the 15,237,608 floats this project counts.</summary>
    public const long QuotedVgg16FeatureMaps = 15_245_800;

    public static string Describe(MemoryResult r)
    {
        var clauses = new List<string> { FeatureMaps(r), Terms(r) };
        clauses.AddRange(Measured(r));
        clauses.AddRange(Limit(r));
        return string.Join(" ", clauses);
    }

    static string FeatureMaps(MemoryResult r)
    {
        var kinds = r.Layers.Where(l => l.FeatureMap).GroupBy(l => l.Type).Select(g => $"{g.Count()} {g.Key} ({g.Sum(l => l.OutputFloats):N0})");
        var text = $"{r.Model} on {string.Join("×", r.InputShape)} samples: forward feature maps are {r.FeatureMapFloatsPerSample:N0} floats per sample ({r.FeatureMapMegabytesPerSample:F2} MB in float32): "
            + $"the input ({r.InputFloatsPerSample:N0}) and the outputs of {string.Join(", ", kinds)}; activations count as in place, flatten is a view and dropout the identity.";
        if (r.FeatureMapTallies.FirstOrDefault(t => t.Floats == QuotedVgg16FeatureMaps) is { } quoted)
        {
            text += $" The often-quoted {QuotedVgg16FeatureMaps:N0} is {QuotedVgg16FeatureMaps - r.FeatureMapFloatsPerSample:N0} more: the same tally {quoted.Description}.";
        }

        return text;
    }

    static string Terms(MemoryResult r)
    {
        var p = r.Prediction;
        var state = p.OptimizerStateBytes == 2 * p.ParameterBytes ? "Adam, two state tensors" : "SGD with momentum, one state tensor";
        return $"Training keeps {ByteSize.Format(p.SavedBytesPerSample)} per sample for the backward pass ({p.SavedBytesPerSample / (double)(r.FeatureMapFloatsPerSample * sizeof(float)):F2}× the feature maps), "
            + $"and at most {ByteSize.Format(p.PeakActivationBytesPerSample)} of activations and their gradients are alive at once; {r.Parameters:N0} parameters take {ByteSize.Format(p.ParameterBytes)}, "
            + $"their gradients as much and the optimizer state {ByteSize.Format(p.OptimizerStateBytes)} ({state}), "
            + $"so the model predicts {ByteSize.Format(p.FixedBytes)} + M × {ByteSize.Format(p.BytesPerSample)}.";
    }

    static IEnumerable<string> Measured(MemoryResult r)
    {
        var measured = r.Points.Where(p => p.MeasuredBytes is not null).ToList();
        if (measured.Count == 0)
        {
            yield break;
        }

        var each = string.Join(", ", measured.Select(p => $"{ByteSize.Format(p.MeasuredBytes!.Value)} at M = {p.MicroBatch} (predicted {ByteSize.Format(p.PredictedBytes)}, {p.Error!.Value:+0.0%;-0.0%})"));
        yield return $"Measured in fresh processes running real training steps (peak resident memory above a baseline of {ByteSize.Format(measured[0].BaselineBytes!.Value)}): {each}; "
            + $"mean absolute error {r.MeanAbsoluteError!.Value * 100:F1}%.";
        if (r.Fit is { } fit)
        {
            var p = r.Prediction;
            yield return $"A line through the measurements gives {ByteSize.Format((long)fit.Intercept)} + M × {ByteSize.Format((long)fit.Slope)}: "
                + $"the per-sample slope is {(fit.Slope - p.BytesPerSample) / p.BytesPerSample:+0%;-0%} from the model's, and the intercept "
                + $"{(fit.Intercept >= p.FixedBytes ? "exceeds" : "falls short of")} its fixed part by {ByteSize.Format((long)Math.Abs(fit.Intercept - p.FixedBytes))}, "
                + "memory the process holds beyond the tensors (libtorch code paged in on first use, thread pools, allocator caches and fragmentation).";
        }
    }

    static IEnumerable<string> Limit(MemoryResult r)
    {
        if (r.LimitSearch is not { } b)
        {
            yield break;
        }

        var ran = b.Probes.Count(t => t.MeasuredBytes is not null);
        var head = $"For a limit of {ByteSize.Format(b.Limit)} less a {b.Margin * 100:F0}% margin ({ByteSize.Format(b.Usable)}), the model allows M ≤ {b.ModelMicroBatch}";
        yield return b.Confirmed is { } c
            ? $"{head}; {ran} measured probes (doubling, bisection, then second looks at the answer and M + 1) confirm M = {c}{(b.ReachedCap ? ", the largest M searched" : "")}."
            : $"{head}; no micro-batch fit in {ran} measured probes.";
    }
}
