using BatchLab.Data;
using BatchLab.Training;
using BatchLab.Training.Optimizers;
using TorchSharp;
using static TorchSharp.torch;

namespace BatchLab.Runtime;

/// <summary>What <see cref="TorchHealth.Check"/> found: torch loaded and trained one step.</summary>
public sealed record TorchHealthReport(
    string TorchSharpVersion,
    int Threads,
    bool CudaAvailable,
    double LossBefore,
    double LossAfter,
    string NativeLibrary);

/// <summary>
/// Loads libtorch and trains one SGD step on a fixed least-squares problem, through the trainer's
/// own <see cref="UpdateStep"/>: the cheapest proof that the native library loads and trains on
/// this machine (see build/TorchSharpNativeFix.targets).
/// </summary>
public static class TorchHealth
{
    public static TorchHealthReport Check()
    {
        using var scope = NewDisposeScope();
        var x = ScalarOps.Arange(12, dtype: float32).reshape(6, 2).Div_(12);
        using var samples = new TensorSplit(x, x.matmul(tensor(new float[] { 2f, -1f }).reshape(2, 1)));
        var model = nn.Linear(2, 1, hasBias: false);
        using (no_grad())
        {
            model.weight!.zero_();
        }

        var plan = BatchPlan.Create(BatchSize.Full, null, null, 6);
        var step = new UpdateStep(model, samples, TaskKind.Regression, plan, OptimizerSetup.Create(model, new OptimizerOptions()));
        var rows = ScalarOps.Arange(6, dtype: int64);
        var before = step.Apply(rows, 6, 1.0);
        var after = step.Gradients(rows, 6);
        var native = typeof(torch).Assembly.Location;
        return new TorchHealthReport(
            typeof(torch).Assembly.GetName().Version?.ToString() ?? "unknown",
            get_num_threads(),
            cuda.is_available(),
            before,
            after,
            Path.Combine(Path.GetDirectoryName(native) ?? ".", "runtimes", "linux-x64", "native", "libLibTorchSharp.so"));
    }
}
