using BatchLab.Sweeps.Storage;

namespace BatchLab.Sweeps.Workers;

/// <summary>How a sweep's execution ended.</summary>
public enum SweepEnd
{
    /// <summary>No trial of the study is QUEUED or RUNNING any more.</summary>
    Finished,

    /// <summary>Stopped on request; what was done is stored and a rerun resumes.</summary>
    Interrupted,

    /// <summary>
    /// Every trial ended but some FAILED (bad input or an error their retries did not overcome):
    /// `batchlab retry` queues them again. A study does not analyse a sweep with holes.
    /// </summary>
    TrialsFailed,

    /// <summary>A worker failed; what was done is stored and a rerun resumes.</summary>
    Failed,
}

/// <summary>
/// Trains the queued trials of one study in a store: in this process (<see cref="InProcessSweep"/>,
/// what a library user needs), or in worker processes (the CLI's), or on many machines.
/// </summary>
public interface ISweepExecutor
{
    SweepEnd Run(IExperimentStore store, string study, CancellationToken cancel = default);
}
