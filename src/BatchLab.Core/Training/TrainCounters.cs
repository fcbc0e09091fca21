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

    /// <summary>Seconds spent evaluating (a fused group's batched evaluation shared equally among the members in it).</summary>
    public double EvalSeconds { get; set; }

    /// <summary>Seconds spent writing checkpoints (encoding, the store's write, and the metrics flushed before it).</summary>
    public double CheckpointSeconds { get; set; }

    /// <summary>Seconds of wall time, evaluation included, over all sessions of this run.</summary>
    public double WallSeconds { get; set; }

    /// <summary>Σ and count of mini-batch losses since the last evaluation (the logged train loss).</summary>
    public double RunningLossSum { get; set; }

    public long RunningLossCount { get; set; }

    public double? LastFiniteLoss { get; set; }

    public TargetHit? TargetReached { get; set; }

    /// <summary>Training loss at the evaluation before the first update (what pruning compares with).</summary>
    public double? StartLoss { get; set; }

    /// <summary>The evaluation before the last one: where the target's crossing is interpolated from.</summary>
    public TargetApproach? PreviousTargetValue { get; set; }

    /// <summary>Values of the most recent evaluation.</summary>
    public Dictionary<string, double> Latest { get; set; } = [];

    /// <summary>Lowest value seen of each evaluated metric.</summary>
    public Dictionary<string, double> Best { get; set; } = [];

    /// <summary>An adaptive batch policy's state (current B, its estimates, the throughput curve it decides on); empty otherwise.</summary>
    public Dictionary<string, double> Policy { get; set; } = [];

    /// <summary>Whether the last evaluation was batched or read some split only on its screen (<see cref="EvalScreen"/>): a run ending there is evaluated again, alone and whole.</summary>
    public bool Provisional { get; set; }

    /// <summary>Update of the last evaluation (to avoid evaluating twice at the end).</summary>
    public long LastEvaluatedUpdate { get; set; } = -1;
}

/// <summary>The target's metric at one evaluation, with the counters there.</summary>
public sealed record TargetApproach(long Update, long Samples, double StepSeconds, double Value);

/// <summary>
/// When a target was first met: the steps-to-target measurement, at the first evaluation that met
/// it (<see cref="Update"/>, <see cref="Samples"/>, <see cref="StepSeconds"/>). Evaluations are
/// spaced (e.g. every 0.1 epoch), so the crossing itself lies between <see cref="Before"/>, the
/// evaluation before, and this one: <see cref="CrossingUpdate"/> and its companions interpolate
/// it linearly in the metric (the resolution of a measurement is then a fraction of an update
/// instead of the evaluation spacing; a metric that is noisy between evaluations makes it an
/// estimate, which is what the report says).
/// </summary>
public sealed record TargetHit(string Metric, double Threshold, double Value, long Update, long Samples, double Epochs, double StepSeconds, TargetApproach? Before = null)
{
    /// <summary>Where the line between the evaluation before and this one crosses the threshold (0 = at Before, 1 = here).</summary>
    double Fraction => Before is { } b && b.Value > Threshold && b.Value > Value && Update > b.Update
        ? Math.Clamp((b.Value - Threshold) / (b.Value - Value), 0, 1)
        : 1;

    /// <summary>Updates to the target, interpolated between evaluations (= <see cref="Update"/> without an evaluation before).</summary>
    public double CrossingUpdate => Before is { } b ? b.Update + (Fraction * (Update - b.Update)) : Update;

    /// <summary>Samples to the target, interpolated like <see cref="CrossingUpdate"/>.</summary>
    public double CrossingSamples => Before is { } b ? b.Samples + (Fraction * (Samples - b.Samples)) : Samples;

    /// <summary>Seconds of training steps to the target, interpolated like <see cref="CrossingUpdate"/>.</summary>
    public double CrossingStepSeconds => Before is { } b ? b.StepSeconds + (Fraction * (StepSeconds - b.StepSeconds)) : StepSeconds;
}
