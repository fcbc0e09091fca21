using System.Globalization;

namespace BatchLab.Training;

/// <summary>
/// The update batch B as the user writes it: a positive count, or <c>full</c> (the whole
/// training set: batch gradient descent). B = 1 is pure SGD.
/// </summary>
public readonly record struct BatchSize
{
    BatchSize(long? samples) => Samples = samples;

    /// <summary>Samples per update; null for <see cref="Full"/>.</summary>
    public long? Samples { get; }

    public bool IsFull => Samples is null;

    public static BatchSize Full => new(null);

    public static BatchSize Of(long samples) => samples > 0
        ? new BatchSize(samples)
        : throw new BatchLabException($"batch size must be a positive number of samples or 'full', got {samples}");

    /// <summary>Parses "32" or "full".</summary>
    public static BatchSize Parse(string text)
    {
        var t = text.Trim();
        if (t.Equals("full", StringComparison.OrdinalIgnoreCase))
        {
            return Full;
        }

        return long.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0
            ? new BatchSize(n)
            : throw new BatchLabException($"batch size '{text}' is not a positive whole number or 'full'");
    }

    /// <summary>B in samples for a training set of <paramref name="trainSize"/> samples.</summary>
    public long Resolve(long trainSize) => Samples ?? trainSize;

    public override string ToString() => Samples?.ToString(CultureInfo.InvariantCulture) ?? "full";
}
