namespace BatchLab.Sweeps.Workers;

/// <summary>What one worker did: how many of its attempts ended each way (see <see cref="AttemptOutcome"/>).</summary>
public sealed record WorkerTally(string WorkerId, int Complete, int Diverged, int Requeued, int Failed, int Released, int Abandoned)
{
    public static WorkerTally Of(string workerId, IReadOnlyCollection<TrialOutcome> outcomes)
    {
        int Count(AttemptOutcome end) => outcomes.Count(o => o.End == end);
        return new WorkerTally(
            workerId,
            Count(AttemptOutcome.Complete),
            Count(AttemptOutcome.Diverged),
            outcomes.Count(o => o.Requeued),
            outcomes.Count(o => o.End == AttemptOutcome.Failed && !o.Requeued),
            Count(AttemptOutcome.Released),
            Count(AttemptOutcome.LeaseExpired));
    }
}
