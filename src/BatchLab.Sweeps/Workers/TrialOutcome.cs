using BatchLab.Training;

namespace BatchLab.Sweeps.Workers;

/// <summary>How a worker's attempt at a trial ended.</summary>
public enum TrialEnd
{
    /// <summary>Trained to the end; stored COMPLETE.</summary>
    Complete,

    /// <summary>Training blew up; stored DIVERGED (a result, never retried).</summary>
    Diverged,

    /// <summary>An infrastructure failure; the trial went back to the queue for another attempt.</summary>
    Requeued,

    /// <summary>A failure that retrying cannot fix (bad spec), or the last allowed one; stored FAILED.</summary>
    Failed,

    /// <summary>The worker was stopped on purpose; the trial was checkpointed and given back to the queue.</summary>
    Released,

    /// <summary>The claim was lost (stalled past the lease, or cancelled); nothing more was written.</summary>
    Abandoned,
}

/// <summary>One attempt's end: the trial as claimed, how it ended, the run summary when there is one, and seconds spent.</summary>
public sealed record TrialOutcome(Trial Trial, TrialEnd End, TrainSummary? Summary, string? Error, double Seconds);
