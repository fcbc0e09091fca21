namespace BatchLab.Training;

/// <summary>
/// The trainer's progress counters: everything besides weights and optimizer tensors that a
/// checkpoint must hold for a resumed run to continue exactly where it stopped.
/// </summary>
public sealed class TrainCounters
{
    /// <summary>Weight updates applied so far.</summary>
    public long Update { get; set; }

    public SamplerPosition Position { get; set; }

    /// <summary>Samples whose gradients were applied (Σ of update sizes).</summary>
    public long Samples { get; set; }

    /// <summary>Seconds spent in training steps (excludes evaluation and checkpoints).</summary>
    public double StepSeconds { get; set; }

    /// <summary>Seconds of wall time, evaluation included, over all sessions of this run.</summary>
    public double WallSeconds { get; set; }

    /// <summary>Σ and count of mini-batch losses since the last evaluation (the logged train loss).</summary>
    public double RunningLossSum { get; set; }

    public long RunningLossCount { get; set; }

    public double? LastFiniteLoss { get; set; }

    public TargetHit? TargetReached { get; set; }

    /// <summary>Values of the most recent evaluation.</summary>
    public Dictionary<string, double> Latest { get; set; } = [];

    /// <summary>Lowest value seen of each evaluated metric.</summary>
    public Dictionary<string, double> Best { get; set; } = [];

    /// <summary>An adaptive batch policy's state (current B, its estimates, the throughput curve it decides on); empty otherwise.</summary>
    public Dictionary<string, double> Policy { get; set; } = [];

    /// <summary>Update of the last evaluation (to avoid evaluating twice at the end).</summary>
    public long LastEvaluatedUpdate { get; set; } = -1;
}

/// <summary>When a target was first met: the steps-to-target measurement.</summary>
public sealed record TargetHit(string Metric, double Threshold, double Value, long Update, long Samples, double Epochs, double StepSeconds);
