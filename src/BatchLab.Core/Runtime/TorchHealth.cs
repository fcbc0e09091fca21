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
/// Loads libtorch and trains one SGD step on a fixed least-squares problem: the cheapest proof
/// that the native library loads on this machine (see build/TorchSharpNativeFix.targets).
/// </summary>
public static class TorchHealth
{
    public static TorchHealthReport Check()
    {
        using var scope = NewDisposeScope();
        var x = arange(12, dtype: float32).reshape(6, 2).div_(12);
        var y = x.matmul(tensor(new float[] { 2f, -1f }).reshape(2, 1));
        var w = zeros(2, 1, requires_grad: true);
        var loss = (x.matmul(w) - y).pow(2).mean();
        var before = loss.item<float>();
        loss.backward();
        using (no_grad())
        {
            w.sub_(w.grad!.mul(0.5));
        }

        var after = (x.matmul(w) - y).pow(2).mean().item<float>();
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
