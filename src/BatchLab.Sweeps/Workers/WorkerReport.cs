namespace BatchLab.Sweeps.Workers;

/// <summary>What one worker did: how many of its attempts ended each way (see <see cref="TrialEnd"/>).</summary>
public sealed record WorkerReport(string WorkerId, int Complete, int Diverged, int Requeued, int Failed, int Released, int Abandoned)
{
    public static WorkerReport Of(string workerId, IReadOnlyCollection<TrialOutcome> outcomes)
    {
        int Count(TrialEnd end) => outcomes.Count(o => o.End == end);
        return new WorkerReport(
            workerId,
            Count(TrialEnd.Complete),
            Count(TrialEnd.Diverged),
            Count(TrialEnd.Requeued),
            Count(TrialEnd.Failed),
            Count(TrialEnd.Released),
            Count(TrialEnd.Abandoned));
    }
}
