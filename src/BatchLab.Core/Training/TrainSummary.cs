namespace BatchLab.Training;

/// <summary>
/// The final summary of a run as written to summary.json and printed by `train --json`: the end
/// state, counters, the batch plan, final metrics under their fixed names, the hash of the
/// final weights so identical runs are recognisable, and where the wall time went beside the
/// steps (evaluation, checkpoints). <see cref="MklCbwr"/> is the MKL code branch the process
/// computed with (<see cref="Runtime.NumericalReproducibility"/>): two runs compare bit for bit
/// only under the same one. For text, B and M count sequences of <see cref="TokensPerSample"/>
/// tokens: <see cref="TokensPerUpdate"/> = B × context, and the losses are also given in bits per
/// byte (mean cross-entropy ÷ ln 2, byte tokens).
/// </summary>
public sealed record TrainSummary(
    string State,
    long Updates,
    double Epochs,
    long Samples,
    double StepSeconds,
    double WallSeconds,
    long Batch,
    long MicroBatch,
    long? NormBatch,
    long UpdatesPerEpoch,
    double LearningRate,
    double? TrainLoss,
    double? TrainError,
    double? ValLoss,
    double? ValError,
    double? TestLoss,
    double? TestError,
    IReadOnlyDictionary<string, double> Best,
    TargetHit? Target,
    DivergenceInfo? Divergence,
    string WeightsSha256,
    string? PruneReason = null,
    string? MklCbwr = null,
    double EvalSeconds = 0,
    double CheckpointSeconds = 0,
    long? TokensPerSample = null,
    long? TokensPerUpdate = null,
    long? Tokens = null,
    double? TrainBpb = null,
    double? ValBpb = null,
    double? TestBpb = null)
{
    /// <param name="tokensPerSample">The context length for text data (null otherwise).</param>
    public static TrainSummary From(TrainResult r, BatchPlan plan, long? tokensPerSample = null)
    {
        double? Get(string name) => r.Final.TryGetValue(name, out var v) ? v : null;
        return new TrainSummary(
            r.State.ToString().ToUpperInvariant(), r.Updates, r.Epochs, r.Samples, r.StepSeconds, r.WallSeconds,
            plan.Batch, plan.MicroBatch, plan.NormBatch, plan.UpdatesPerEpoch, r.PeakLearningRate,
            Get("train_loss"), Get("train_error"), Get("val_loss"), Get("val_error"), Get("test_loss"), Get("test_error"),
            r.Best, r.Target, r.Divergence, r.WeightsSha256, r.PruneReason, Runtime.NumericalReproducibility.Setting,
            r.EvalSeconds, r.CheckpointSeconds,
            tokensPerSample, plan.Batch * tokensPerSample, r.Samples * tokensPerSample,
            Get("train_bpb"), Get("val_bpb"), Get("test_bpb"));
    }
}
