using BatchLab.Training;

namespace BatchLab.Sweeps.Workers;

/// <summary>
/// One attempt's end as its worker saw it: the trial as claimed, how the attempt ended (the same
/// <see cref="AttemptOutcome"/> the store records), the state the trial is in afterwards (a failed
/// attempt leaves it QUEUED for a retry or FAILED), the run summary when there is one, and seconds
/// spent. <see cref="AttemptOutcome.LeaseExpired"/> here means the claim was lost (stalled past the
/// lease, or cancelled) and nothing more was written.
/// </summary>
public sealed record TrialOutcome(Trial Trial, AttemptOutcome End, TrialState After, TrainSummary? Summary, string? Error, double Seconds)
{
    /// <summary>A failed attempt whose trial went back to the queue for another attempt.</summary>
    public bool Requeued => End == AttemptOutcome.Failed && After == TrialState.Queued;
}
