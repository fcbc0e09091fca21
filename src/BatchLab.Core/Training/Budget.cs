namespace BatchLab.Training;

/// <summary>
/// When training stops: the first of the given limits reached. With none given, one epoch.
/// </summary>
public sealed record Budget(double? Epochs = null, long? Updates = null, long? Samples = null, TimeSpan? Time = null)
{
    /// <summary>The update count the counting limits allow, or null when only a time limit is set.</summary>
    public long? TotalUpdates(BatchPlan plan)
    {
        Validate();
        var limits = new List<long>();
        if (Epochs is double e)
        {
            limits.Add(Math.Max(1, (long)Math.Min(long.MaxValue / 2, Math.Ceiling(e * plan.UpdatesPerEpoch))));
        }

        if (Updates is long u)
        {
            limits.Add(u);
        }

        if (Samples is long s)
        {
            var epochs = s / plan.SamplesPerEpoch;
            var rest = s - (epochs * plan.SamplesPerEpoch);
            limits.Add(Math.Max(1, (epochs * plan.UpdatesPerEpoch) + ((rest + plan.Batch - 1) / plan.Batch)));
        }

        return limits.Count > 0 ? limits.Min() : Time is null ? plan.UpdatesPerEpoch : null;
    }

    /// <summary>
    /// The sample count the epoch and sample limits allow (an adaptive run, whose update count is
    /// not known in advance, stops on it); null when only updates or time limit the run.
    /// </summary>
    public long? TotalSamples(BatchPlan plan)
    {
        Validate();
        var limits = new List<long>();
        if (Epochs is double e)
        {
            limits.Add(Math.Max(1, (long)Math.Ceiling(e * plan.SamplesPerEpoch)));
        }

        if (Samples is long s)
        {
            limits.Add(s);
        }

        return limits.Count > 0 ? limits.Min() : Updates is null && Time is null ? plan.SamplesPerEpoch : null;
    }

    /// <summary>Every given limit is positive; epochs are finite (a count of updates is taken from them).</summary>
    public void Validate()
    {
        if (Epochs is <= 0 || Updates is <= 0 || Samples is <= 0 || (Time is { } t && t <= TimeSpan.Zero) || Epochs is double.NaN or double.PositiveInfinity)
        {
            throw new BatchLabException("budgets (--epochs, --updates, --samples, --time) must be positive");
        }
    }
}
