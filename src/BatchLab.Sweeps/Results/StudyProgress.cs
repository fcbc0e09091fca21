using BatchLab.Sweeps.Specs;

namespace BatchLab.Sweeps.Results;

/// <summary>
/// How far a study is: trials per state, the workers holding live leases, and an estimate of the
/// time left = Σ over the queued trials and half the running ones of the training time expected
/// for that trial ÷ workers. A trial's expected time is the mean of the finished trials at the
/// same grid batch size (a trial's cost grows with its updates, so one mean over every B is
/// biased while the grid runs in order), else the mean over all finished trials. Training time
/// is each trial's own wall seconds: a fused member's share of its group's time (see
/// FusedTrainer), so fused and solo trials count alike. Null <see cref="Eta"/> when nothing has
/// finished yet or no worker is running.
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
        var finished = trials.Where(t => t.State is TrialState.Complete or TrialState.Diverged or TrialState.Pruned)
            .Select(t => (Batch: BatchOf(t), Seconds: TrialSummaries.Of(t)?.WallSeconds ?? (t.FinishedAt - t.StartedAt)?.TotalSeconds))
            .Where(t => t.Seconds is double)
            .Select(t => (t.Batch, Seconds: t.Seconds!.Value))
            .ToList();
        double? mean = finished.Count > 0 ? finished.Average(t => t.Seconds) : null;
        var byBatch = finished.GroupBy(t => t.Batch).ToDictionary(g => g.Key, g => g.Average(t => t.Seconds));
        double Expected(Trial t) => byBatch.TryGetValue(BatchOf(t), out var s) ? s : mean ?? 0;
        var left = trials.Where(t => t.State == TrialState.Queued).Sum(Expected) + (0.5 * trials.Where(t => t.State == TrialState.Running).Sum(Expected));
        var running = Math.Max(workers ?? live, 0);
        TimeSpan? eta = counts.Queued + counts.Running == 0 ? TimeSpan.Zero
            : mean is not null && running > 0 ? TimeSpan.FromSeconds(left / running)
            : null;
        return new StudyProgress(study, counts, live, mean, eta);
    }

    /// <summary>The trial's batch size as its grid key names it ("" when the grid has no batch axis).</summary>
    static string BatchOf(Trial trial)
    {
        try
        {
            var batch = GridPoint.FromKey(trial.Key).Values.Where(v => v.Key == GridAxes.Batch.Name).ToList();
            return batch.Count > 0 ? batch[0].Value.ToString() : "";
        }
        catch (System.Text.Json.JsonException)
        {
            return "";
        }
    }
}
