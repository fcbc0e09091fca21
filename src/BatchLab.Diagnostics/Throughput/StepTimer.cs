using BatchLab.Data;
using BatchLab.Runtime;
using BatchLab.Training;
using BatchLab.Training.Optimizers;
using static TorchSharp.torch;

namespace BatchLab.Diagnostics.Throughput;

/// <summary>
/// Runs training updates through the trainer's own <see cref="UpdateStep"/> (slice of a shuffled
/// order, B samples in micro-batches of M with G-sample BatchNorm, summed loss / B, backward,
/// plain SGD step, read the loss), without evaluation, logging or checkpoints, so its rate is what
/// the hardware gives the model's training. Reading the loss every update waits for the device,
/// as the trainer does.
/// </summary>
public sealed class StepTimer(nn.Module<Tensor, Tensor> model, Dataset data, long? microBatch = null, long? normBatch = null, IGradientProbe? probe = null, OptimizerOptions? optimizer = null) : IDisposable
{
    readonly IOptimizer optimizer = OptimizerSetup.Create(model, optimizer ?? new OptimizerOptions());
    readonly Tensor order = randperm(data.Train.Count, device: data.Train.Inputs.device).DetachFromDisposeScope();
    readonly Dictionary<long, UpdateStep> steps = [];
    long offset;

    /// <summary>Applies <paramref name="updates"/> updates of <paramref name="batch"/> samples (η = 1e-3: the weights barely move).</summary>
    public void Run(long batch, long updates)
    {
        var step = StepFor(batch);
        using var threads = new ThreadLimit(step.Threads);
        for (long u = 0; u < updates; u++)
        {
            if (offset + batch > order.shape[0])
            {
                offset = 0;
            }

            using var rows = order.narrow(0, offset, batch);
            offset += batch;
            _ = step.Apply(rows, batch, 1e-3, u);
        }
    }

    /// <summary>One update from the given rows, as <see cref="Run"/> makes them; returns the mean loss.</summary>
    public double Apply(Tensor rows) => StepFor(rows.shape[0]).Apply(rows, rows.shape[0], 1e-3);

    /// <summary>The step at B = <paramref name="batch"/>: M = min(M, B), and G where it divides that M (else BatchNorm over each pass).</summary>
    UpdateStep StepFor(long batch)
    {
        if (!steps.TryGetValue(batch, out var step))
        {
            var pass = microBatch is long m ? Math.Min(m, batch) : batch;
            var plan = BatchPlan.Create(BatchSize.Of(batch), pass, normBatch is long g && pass % g == 0 ? g : null, data.Train.Count);
            steps[batch] = step = new UpdateStep(model, data.Train, data.Task, plan, optimizer, probe: probe);
        }

        return step;
    }

    public void Dispose() => order.Dispose();
}
