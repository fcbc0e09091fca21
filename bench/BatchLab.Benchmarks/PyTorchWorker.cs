using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace BatchLab.Benchmarks;

/// <summary>What the PyTorch process reports about itself.</summary>
public sealed record PyTorchInfo(string Torch, string Python, int Threads, IReadOnlyList<string> Blas, bool OpenBlasTuningUnset);

/// <summary>
/// A long-lived PyTorch process (bench/pytorch/loop.py, started through run.sh, which installs
/// Debian's python3-torch and OpenBLAS when missing) that runs the same training loop on request,
/// so that C# and PyTorch measurements can alternate on the same cores. While one side measures,
/// the other waits on a pipe and uses no CPU.
/// </summary>
public sealed class PyTorchWorker : IDisposable
{
    readonly Process process;

    /// <param name="blasThreads">OpenBLAS's own thread pool; null = as many as torch's threads (PyTorch's default behaviour).</param>
    public PyTorchWorker(int threads, int? blasThreads = null)
    {
        var script = Path.Combine(AppContext.BaseDirectory, "pytorch", "run.sh");
        var i = System.Globalization.CultureInfo.InvariantCulture;
        var start = new ProcessStartInfo("bash", [script, threads.ToString(i), (blasThreads ?? threads).ToString(i)])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };

        // OPENBLAS_CORETYPE/OPENBLAS_L2_SIZE, when this environment sets them, pin OpenBLAS to a
        // kernel chosen for another purpose; for this process only, both go together so OpenBLAS
        // picks its kernel for this CPU (the report names the kernel that ran).
        var tuned = start.Environment.ContainsKey("OPENBLAS_CORETYPE") && start.Environment.ContainsKey("OPENBLAS_L2_SIZE");
        if (tuned)
        {
            start.Environment.Remove("OPENBLAS_CORETYPE");
            start.Environment.Remove("OPENBLAS_L2_SIZE");
        }

        // The same heap settings the BatchLab CLI applies to itself (HeapRetention), so that
        // neither side pays page faults for re-allocated buffers the other does not.
        start.Environment["MALLOC_MMAP_THRESHOLD_"] = (32 << 20).ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["MALLOC_TRIM_THRESHOLD_"] = (512 << 20).ToString(System.Globalization.CultureInfo.InvariantCulture);
        process = Process.Start(start) ?? throw new BatchLabException("could not start bench/pytorch/run.sh", BatchLabException.Unavailable);
        var info = Ask(new { op = "info" });
        Info = new PyTorchInfo((string)info["torch"]!, (string)info["python"]!, (int)info["threads"]!,
            [.. info["blas"]!.AsArray().Select(b => (string)b!)], tuned);
    }

    public PyTorchInfo Info { get; }

    /// <summary>Updates per second of the PyTorch loop for <paramref name="spec"/> at batch <paramref name="batch"/>.</summary>
    public double Train(string spec, long batch, long updates) =>
        (double)Ask(new { op = "train", model = spec, batch, updates })["updates_per_second"]!;

    /// <summary>GFLOP/s of a float32 size×size matrix product (best of the repeats).</summary>
    public double Matmul(int size, int repeats) => (double)Ask(new { op = "matmul", size, repeats })["gflops"]!;

    JsonNode Ask(object request)
    {
        process.StandardInput.WriteLine(JsonSerializer.Serialize(request));
        var line = process.StandardOutput.ReadLine()
            ?? throw new BatchLabException($"the PyTorch benchmark process ended (exit code {(process.WaitForExit(5000) ? process.ExitCode : -1)}); see its message above", BatchLabException.Unavailable);
        var answer = JsonNode.Parse(line)!;
        return answer["error"] is { } error ? throw new BatchLabException($"PyTorch benchmark: {error}") : answer;
    }

    public void Dispose()
    {
        process.StandardInput.Close();
        if (!process.WaitForExit(10_000))
        {
            process.Kill();
        }

        process.Dispose();
    }
}
