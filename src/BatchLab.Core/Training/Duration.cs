using System.Globalization;
using System.Text.RegularExpressions;

namespace BatchLab.Training;

public enum DurationUnit
{
    Updates,
    Epochs,
    Samples,
}

/// <summary>
/// An amount of training in updates, epochs or samples ("100", "100u", "0.5ep", "6000s"), used for
/// warm-up, evaluation intervals and checkpoint intervals. Converted to updates through the plan.
/// </summary>
public readonly partial record struct Duration(double Amount, DurationUnit Unit)
{
    public static Duration Updates(long n) => new(n, DurationUnit.Updates);

    public static Duration Epochs(double n) => new(n, DurationUnit.Epochs);

    public static Duration Parse(string text)
    {
        var m = Pattern().Match(text.Trim());
        if (!m.Success || !double.TryParse(m.Groups[1].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var amount) || !(amount > 0) || !double.IsFinite(amount))
        {
            throw new BatchLabException($"'{text}' is not an amount like 100 (updates), 100u, 0.5ep (epochs) or 6000s (samples)");
        }

        var unit = m.Groups[2].Value.ToLowerInvariant() switch
        {
            "" or "u" or "update" or "updates" => DurationUnit.Updates,
            "e" or "ep" or "epoch" or "epochs" => DurationUnit.Epochs,
            "s" or "sample" or "samples" => DurationUnit.Samples,
            _ => throw new BatchLabException($"unknown unit in '{text}'; use u (updates), ep (epochs) or s (samples)"),
        };
        return new Duration(amount, unit);
    }

    /// <summary>The number of updates (at least 1) this amount spans under <paramref name="plan"/>.</summary>
    public long ToUpdates(BatchPlan plan) => Math.Max(1, Unit switch
    {
        DurationUnit.Updates => (long)Math.Ceiling(Amount),
        DurationUnit.Epochs => (long)Math.Ceiling(Amount * plan.UpdatesPerEpoch),
        _ => (long)Math.Ceiling(Amount / ((double)plan.SamplesPerEpoch / plan.UpdatesPerEpoch)),
    });

    public override string ToString() => Unit switch
    {
        DurationUnit.Updates => $"{Amount.ToString(CultureInfo.InvariantCulture)}u",
        DurationUnit.Epochs => $"{Amount.ToString(CultureInfo.InvariantCulture)}ep",
        _ => $"{Amount.ToString(CultureInfo.InvariantCulture)}s",
    };

    [GeneratedRegex(@"^([0-9]*\.?[0-9]+(?:[eE][-+]?[0-9]+)?)\s*([a-zA-Z]*)$")]
    private static partial Regex Pattern();
}
