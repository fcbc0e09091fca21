namespace BatchLab.Training;

/// <summary>
/// The learning rate of every update as a pure function of the update index, so a resumed run
/// needs no scheduler state (TorchSharp's schedulers keep none we could save).
/// </summary>
public sealed class LrSchedule(LearningRateOptions options, double peak, long warmupUpdates, long? totalUpdates)
{
    public double Peak => peak;

    /// <summary>η for update <paramref name="update"/> (0-based: the update about to be applied).</summary>
    public double At(long update)
    {
        if (update < warmupUpdates)
        {
            return peak * (update + 1) / warmupUpdates;
        }

        if (options.Schedule == ScheduleKind.Constant)
        {
            return peak;
        }

        var total = totalUpdates ?? throw new BatchLabException(
            $"the {options.Schedule.ToString().ToLowerInvariant()} schedule needs a budget in epochs, updates or samples, not only --time");
        var span = Math.Max(1, total - warmupUpdates);
        var progress = Math.Clamp((double)(update - warmupUpdates) / span, 0, 1);
        var floor = options.FinalFraction * peak;
        return options.Schedule switch
        {
            ScheduleKind.Step => peak * Math.Pow(options.DropFactor, (options.Drops ?? [0.5, 0.75]).Count(d => (double)update / total >= d)),
            ScheduleKind.Cosine => floor + ((peak - floor) * 0.5 * (1 + Math.Cos(Math.PI * progress))),
            ScheduleKind.Linear => peak - ((peak - floor) * progress),
            _ => peak,
        };
    }
}
