using System.Globalization;

namespace BatchLab.Training;

/// <summary>
/// A quality target such as val_error ≤ 0.01 (Shallue et al.'s MNIST target). The trainer records
/// the first evaluation at which it holds — update and sample counts: steps-to-target — and stops
/// there when <see cref="Stop"/> is set. Every metric is "lower is better" (losses, errors, and bits per byte for text).
/// </summary>
public sealed record Target(string Metric, double Threshold, bool Stop = true)
{
    public static readonly IReadOnlyList<string> Metrics =
        ["train_loss", "train_error", "val_loss", "val_error", "test_loss", "test_error", "train_bpb", "val_bpb", "test_bpb"];

    /// <summary>Parses "val_error=0.01".</summary>
    public static Target Parse(string text, bool stop = true)
    {
        var parts = text.Split('=', 2, StringSplitOptions.TrimEntries);
        if (parts.Length != 2 || !double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var threshold))
        {
            throw new BatchLabException($"target '{text}' is not METRIC=VALUE, e.g. val_error=0.01");
        }

        if (!(threshold >= 0 && double.IsFinite(threshold)))
        {
            throw new BatchLabException($"target '{text}' can never be met: losses and errors are finite and ≥ 0; give a value such as val_error=0.01");
        }

        if (!Metrics.Contains(parts[0]))
        {
            throw new BatchLabException($"unknown target metric '{parts[0]}'; choose one of {string.Join(", ", Metrics)}");
        }

        return new Target(parts[0], threshold, stop);
    }

    public bool IsMet(IReadOnlyDictionary<string, double> values) =>
        values.TryGetValue(Metric, out var v) && v <= Threshold;

    public override string ToString() => $"{Metric}={Threshold.ToString(CultureInfo.InvariantCulture)}";
}
