using System.Security.Cryptography;
using System.Text.Json;
using static TorchSharp.torch;

namespace BatchLab.Training.Checkpoints;

/// <summary>
/// What a checkpoint must agree with to be resumed: everything that shapes the trajectory.
/// M is left out on purpose (it changes memory, not the result), so a run can resume with a
/// smaller micro-batch; so are the evaluation schedule and a constant-rate run's budget.
/// A fused group's member has the fingerprint of the same run trained alone, so either can
/// resume the other's checkpoints.
/// </summary>
public static class RunFingerprint
{
    public static string Of(BatchPlan plan, TrainOptions options, long? totalUpdates, string dataName, nn.Module model)
    {
        var shaping = new
        {
            Batch = plan.Batch,
            plan.NormBatch,
            plan.Sampling,
            plan.DropLast,
            plan.TrainSize,
            options.Optimizer,
            LearningRate = options.LearningRate with { Warmup = null },
            Warmup = options.LearningRate.Warmup?.ToString(),
            options.Seed,
            options.Precision,
            options.ClipGradNorm,
            Adaptive = options.Adaptive?.ToString(),
            Budget = options.LearningRate.Schedule == ScheduleKind.Constant ? null : totalUpdates,
            Data = dataName,
            Model = model.named_parameters().Select(p => $"{p.name}:{string.Join('x', p.parameter.shape)}").ToArray(),
        };
        var json = JsonSerializer.SerializeToUtf8Bytes(shaping);
        return Convert.ToHexStringLower(SHA256.HashData(json))[..16];
    }
}
