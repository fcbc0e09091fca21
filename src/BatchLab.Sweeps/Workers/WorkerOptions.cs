namespace BatchLab.Sweeps.Workers;

/// <summary>Which trials a worker takes and how it waits for them.</summary>
public sealed record WorkerOptions
{
    /// <summary>Only this study's trials; null = any study in the store.</summary>
    public string? Study { get; init; }

    public WorkerIdentity Identity { get; init; } = WorkerIdentity.Current();

    /// <summary>
    /// Keep polling once every trial is final, for trials submitted later. Without it the worker
    /// still waits while other workers' trials run (a crashed worker's trial comes back when its
    /// lease expires), and exits once none is QUEUED or RUNNING.
    /// </summary>
    public bool Wait { get; init; }

    /// <summary>Pause between claims when nothing is claimable (±25% jitter, so workers spread out). Default 2 s.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Where the worker reports claims and outcomes (one line each); default nowhere.</summary>
    public Action<string> Log { get; init; } = _ => { };
}
