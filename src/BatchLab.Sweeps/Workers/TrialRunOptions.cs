using BatchLab.Data;
using BatchLab.Training;

namespace BatchLab.Sweeps.Workers;

/// <summary>How a worker trains each trial it claims.</summary>
public sealed record TrialRunOptions
{
    /// <summary>The store's lease duration (heartbeats go every third of it). Default 60 s.</summary>
    public TimeSpan Lease { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// How long the heartbeat waits out an unavailable store before the claim counts as lost:
    /// the worker's <see cref="Storage.OutagePolicy.GiveUpAfter"/>. Null = one lease.
    /// </summary>
    public TimeSpan? StorePatience { get; init; }

    /// <summary>Checkpoint interval in training progress; null = each epoch.</summary>
    public Duration? CheckpointEvery { get; init; }

    /// <summary>Also checkpoint after this much wall time: the most work a killed worker loses. Default 1 minute.</summary>
    public TimeSpan? CheckpointInterval { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Store the mini-batch loss every this many updates; null = about 100 times per epoch.</summary>
    public long? MetricsEvery { get; init; }

    /// <summary>Where data sets are cached; null = the default cache.</summary>
    public DataContext? Data { get; init; }

    /// <summary>Extra observers for a trial (e.g. progress output), created per trial.</summary>
    public Func<Trial, IReadOnlyList<ITrainingObserver>> Observers { get; init; } = _ => [];
}
