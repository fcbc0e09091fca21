using BatchLab.Training.Checkpoints;

namespace BatchLab.Training;

/// <summary>
/// Extension points around the training step: observers, checkpoints and gradient probes. By
/// default a run has none of them and pays nothing for them.
/// </summary>
public sealed record TrainerHooks
{
    public IReadOnlyList<ITrainingObserver> Observers { get; init; } = [];

    /// <summary>Where checkpoints go; null = no checkpoints.</summary>
    public ICheckpointStore? Checkpoints { get; init; }

    /// <summary>Checkpoint interval in training progress; null = once per epoch.</summary>
    public Duration? CheckpointEvery { get; init; }

    /// <summary>Also checkpoint when this much wall time passed since the last one (bounds lost work).</summary>
    public TimeSpan? CheckpointInterval { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Continue from the newest valid checkpoint in <see cref="Checkpoints"/>, if any.</summary>
    public bool Resume { get; init; }

    public IGradientProbe? Probe { get; init; }

    /// <summary>Decides B of each update; null = the plan's B throughout. An adaptive run needs one (BatchPolicies.For).</summary>
    public Adaptive.IBatchPolicy? BatchPolicy { get; init; }

    /// <summary>Values added to each evaluation beside the losses (see <see cref="IEvaluationMetrics"/>).</summary>
    public IReadOnlyList<IEvaluationMetrics> Metrics { get; init; } = [];

    public TimeProvider Time { get; init; } = TimeProvider.System;
}
