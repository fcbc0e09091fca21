using System.Diagnostics;
using BatchLab.Data;
using BatchLab.Models;
using BatchLab.Runtime;
using BatchLab.Training;
using BatchLab.Training.Optimizers;
using static TorchSharp.torch;

namespace BatchLab.Diagnostics.Memory;

/// <summary>
/// Measures real training steps in this process: builds the model and its optimizer, draws a
/// random batch of M samples, and runs <c>steps</c> updates of B = M through the trainer's own
/// <see cref="UpdateStep"/> (forward, loss, backward, optimizer update; gradients set to none
/// between steps), recording
/// the peak resident memory from just before the model is built. Meant to run in a fresh process
/// per M (`batchlab diagnose memory --probe`): allocator caches of earlier work would otherwise
/// hide the peak. The first step allocates the gradients and optimizer state; the time reported
/// is the last step's.
/// </summary>
public static class MemoryProbe
{
    public static ProbeMeasurement Measure(string spec, ModelInput input, OptimizerKind optimizer, long microBatch, int steps = 2)
    {
        if (microBatch < 1 || steps < 1)
        {
            throw new BatchLabException($"a memory probe needs M ≥ 1 and at least one step (got M = {microBatch}, {steps} steps)", BatchLabException.BadInput);
        }

        // Load libtorch and settle the runtime before the baseline is read.
        using (var warm = ones(1))
        {
            warm.Add_(1);
        }

        GC.Collect();
        var baseline = ProcessMemory.ResidentBytes();
        ProcessMemory.ResetPeak();
        using var model = ModelZoo.Create(spec, input);
        var optimizerOptions = new OptimizerOptions(optimizer, Momentum: optimizer == OptimizerKind.Sgd ? 0.9 : 0);
        var update = OptimizerSetup.Create(model, optimizerOptions);
        model.train();
        using var batch = new TensorSplit(randn([microBatch, .. input.SampleShape]), randint(0, input.Outputs, [microBatch]));
        using var rows = ScalarOps.Arange(microBatch, dtype: ScalarType.Int64);
        var plan = BatchPlan.Create(BatchSize.Of(microBatch), null, null, microBatch);
        var training = new UpdateStep(model, batch, TaskKind.Classification, plan, update);
        var watch = new Stopwatch();
        for (var step = 0; step < steps; step++)
        {
            if (step == steps - 1)
            {
                watch.Start();
            }

            _ = training.Apply(rows, microBatch, 1e-4, step);
        }

        var peak = ProcessMemory.PeakBytes();
        return new ProbeMeasurement(microBatch, baseline, peak, steps, watch.Elapsed.TotalSeconds);
    }
}
