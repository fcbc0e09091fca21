namespace BatchLab.Sweeps.Results;

/// <summary>
/// How far a study is: trials per state, the workers holding live leases, and an estimate of the
/// time left = (queued + half the running trials) × mean training time of the finished ones ÷
/// workers. Null <see cref="Eta"/> when nothing has finished yet or no worker is running.
/// </summary>
public sealed record StudyProgress(string Study, TrialCounts Counts, int LiveWorkers, double? MeanTrialSeconds, TimeSpan? Eta)
{
    /// <summary>Fraction of trials that are final (0–1).</summary>
    public double Done => Counts.Total == 0 ? 1 : (double)Counts.Finished / Counts.Total;

    /// <param name="workers">Workers known to be running (e.g. started by this sweep); null = those holding a live lease now.</param>
    public static StudyProgress Of(string study, IReadOnlyList<Trial> trials, DateTimeOffset now, int? workers = null)
    {
        var counts = TrialCounts.From(trials.GroupBy(t => t.State).ToDictionary(g => g.Key, g => g.Count()));
        var live = trials.Where(t => t.State == TrialState.Running && t.LeaseExpiresAt > now).Select(t => t.Owner).Distinct().Count();

        // Training time as the trainer measured it (all sessions), not claim-to-finish, which
        // would count the wait for an expired lease after a crash.
        var seconds = trials.Where(t => t.State is TrialState.Complete or TrialState.Diverged)
            .Select(t => TrialSummaries.Of(t)?.WallSeconds ?? (t.FinishedAt - t.StartedAt)?.TotalSeconds)
            .OfType<double>()
            .ToList();
        double? mean = seconds.Count > 0 ? seconds.Average() : null;
        var running = Math.Max(workers ?? live, 0);
        TimeSpan? eta = counts.Queued + counts.Running == 0 ? TimeSpan.Zero
            : mean is double m && running > 0 ? TimeSpan.FromSeconds((counts.Queued + (0.5 * counts.Running)) * m / running)
            : null;
        return new StudyProgress(study, counts, live, mean, eta);
    }
}
