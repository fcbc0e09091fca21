using BatchLab.Data;
using BatchLab.Training.Optimizers;
using static TorchSharp.torch;

namespace BatchLab.Diagnostics.Throughput;

/// <summary>
/// Runs the arithmetic of training updates as the trainer does (slice of a shuffled order,
/// index_select, forward, summed loss / B, backward, plain SGD step, zero_grad, read the loss),
/// without evaluation, logging or checkpoints, so its rate is what the hardware gives the model.
/// Reading the loss every update waits for the device, as the trainer does.
/// </summary>
sealed class StepTimer(nn.Module<Tensor, Tensor> model, Dataset data) : IDisposable
{
    readonly IOptimizer optimizer = OptimizerSetup.Create(model, new OptimizerOptions());
    readonly Tensor order = randperm(data.Train.Count, device: data.Train.Inputs.device).DetachFromDisposeScope();
    long offset;

    /// <summary>Applies <paramref name="updates"/> updates of <paramref name="batch"/> samples (η = 1e-3: the weights barely move).</summary>
    public void Run(long batch, long updates)
    {
        for (long u = 0; u < updates; u++)
        {
            using var scope = NewDisposeScope();
            if (offset + batch > order.shape[0])
            {
                offset = 0;
            }

            var rows = order.narrow(0, offset, batch);
            offset += batch;
            model.zero_grad();
            var output = model.call(data.Train.Inputs.index_select(0, rows));
            var loss = Losses.Sum(data.Task, output, data.Train.Targets.index_select(0, rows)).div_(batch);
            loss.backward();
            optimizer.Step(1e-3);
            _ = loss.item<float>();
        }
    }

    public void Dispose() => order.Dispose();
}
